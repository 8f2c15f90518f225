from prefect import flow
from prefect_dbt.cloud import DbtCloudCredentials, DbtCloudJob
from prefect_dbt.cloud.jobs import trigger_dbt_cloud_job_run_and_wait_for_completion
import os

@flow
def run():
    creds = DbtCloudCredentials.load("dbt-cloud-prod")
    creds2 = DbtCloudCredentials(api_key=os.environ["DBT_CLOUD_API_KEY"], account_id=123)
    trigger_dbt_cloud_job_run_and_wait_for_completion(dbt_cloud_credentials=creds, job_id=1)
