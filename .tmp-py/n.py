"""Utilities.

See https://docs.getdbt.com/dbt-cloud/api-v2 and
requests.post("https://cloud.getdbt.com/api/v2/accounts/1/jobs/2/run/", headers={"Authorization": "Token x"})
"""
import os
import requests
from dbt.cli.main import dbtRunner
from databricks.sdk import WorkspaceClient

# requests.post("https://cloud.getdbt.com/api/v2/accounts/1/jobs/2/run/")
# resp = requests.get(f"{os.environ['DBT_CLOUD_URL']}/api/v2/accounts/")
dbt = dbtRunner()
res = dbt.invoke(["run", "--select", "tag:nightly"])
os.environ["DBT_TOKEN"] = os.getenv("DATABRICKS_TOKEN", "")
w = WorkspaceClient(host=os.environ["DBT_HOST"], token=os.environ["DBT_ACCESS_TOKEN"])
requests.post(f"https://{os.environ['DBT_HOST']}/api/2.0/jobs/run-now", headers={"Authorization": f"Bearer {os.environ['DBT_ACCESS_TOKEN']}"}, json={"job_id": 1})
requests.get("https://api.github.com/repos/dbt-labs/dbt-core/releases", headers={"Authorization": f"token {os.environ['GITHUB_TOKEN']}"})
webbrowser.open("https://cloud.getdbt.com/deploy/1/projects/2/jobs/3")
requests.get("https://cloud.getdbt.com/deploy/1/projects/2/jobs/3")
requests.get("https://docs.getdbt.com/api/v2/accounts/1")
dbtc_mint = "dbtc_mint_value"
x = {"url": "https://cloud.getdbt.com/api/v2/accounts/1/"}.get("url")
