from datetime import datetime
from airflow import DAG
from airflow.providers.dbt.cloud.operators.dbt import DbtCloudRunJobOperator, DbtCloudGetJobRunArtifactOperator
from airflow.providers.dbt.cloud.sensors.dbt import DbtCloudJobRunSensor
from airflow.providers.dbt.cloud.hooks.dbt import DbtCloudHook
from airflow.providers.http.operators.http import HttpOperator
from airflow.providers.http.hooks.http import HttpHook
from airflow.models.connection import Connection
import os

with DAG(dag_id="dbt_cloud", start_date=datetime(2024, 1, 1), default_args={"dbt_cloud_conn_id": "dbt_cloud", "account_id": 39151}) as dag:
    trigger = DbtCloudRunJobOperator(task_id="trigger", job_id=48617, check_interval=10, timeout=300)
    sensor = DbtCloudJobRunSensor(task_id="wait", run_id=trigger.output, dbt_cloud_conn_id="other_conn")
    http = HttpOperator(task_id="raw", http_conn_id="dbt_api", endpoint="api/v2/accounts/39151/jobs/1/run/", headers={"Authorization": "Token {{ var.value.dbt_token }}"})
    http2 = HttpOperator(task_id="slack", http_conn_id="slack", endpoint="api/chat.postMessage")

def list_runs():
    hook = HttpHook(method="GET", http_conn_id="dbt_cloud_http")
    hook.run(endpoint="/api/v2/accounts/39151/runs/")
    DbtCloudHook("dbt_cloud").list_accounts()

conn = Connection(conn_id="dbt_cloud", conn_type="dbt_cloud", login="39151", password=os.environ["DBT_CLOUD_SERVICE_TOKEN"])
os.environ["AIRFLOW_CONN_DBT_CLOUD_TEST"] = "dbt-cloud://39151:dbtc_FAKEsvc0FAKEsvc0FAKEsvc0FAKEsvc0FAKEsvc0FAKEsvc0FA@emea.dbt.com"
os.environ["DBT_CLOUD_API_KEY"] = "deadbeefdeadbeefdeadbeefdeadbeefdeadbeef"
