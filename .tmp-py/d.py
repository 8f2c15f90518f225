import dagster as dg
from dagster import EnvVar, Definitions
from dagster_dbt import DbtCloudCredentials, DbtCloudWorkspace, dbt_cloud_resource, DbtCloudClientResource

creds = DbtCloudCredentials(
    account_id=EnvVar.int("DBT_CLOUD_ACCOUNT_ID"),
    token=EnvVar("DBT_CLOUD_TOKEN"),
    access_url=EnvVar("DBT_CLOUD_ACCESS_URL"),
)
workspace = DbtCloudWorkspace(credentials=creds, project_id=1, environment_id=2)
legacy = dbt_cloud_resource.configured({"auth_token": {"env": "DBT_CLOUD_API_TOKEN"}, "account_id": 11111})
res = DbtCloudClientResource(auth_token=EnvVar("DBT_CLOUD_AUTH_TOKEN"), account_id=22222, dbt_cloud_host="https://emea.dbt.com")
