import os, json
import httpx
import aiohttp
import urllib.request
from urllib.request import Request, urlopen
import urllib3
from dbtc import dbtCloudClient
from dbtsl import SemanticLayerClient
from airflow.models import Variable
from config import BASE_URL, DBT_TOKEN
import settings

client = httpx.Client(base_url=f"https://{os.environ['DBT_CLOUD_HOST']}/api/v2", headers={"Authorization": f"Bearer {os.environ['DBT_CLOUD_TOKEN']}"})
resp = client.get(f"/accounts/{os.environ['DBT_ACCOUNT_ID']}/runs/")

async def main():
    async with aiohttp.ClientSession(base_url="https://cloud.getdbt.com", headers={"Authorization": "Token " + Variable.get("dbt_cloud_token")}) as session:
        async with session.post("/api/v2/accounts/77/jobs/5/run/") as r:
            pass

req = Request("https://cloud.getdbt.com/api/v2/accounts/1/jobs/", headers={"Accept": "application/json"})
req.add_header("Authorization", "Token dbtc_FAKEsvc0FAKEsvc0FAKEsvc0FAKEsvc0FAKEsvc0FAKEsvc0FA")
urlopen(req)
http = urllib3.PoolManager()
http.request("GET", BASE_URL + "/api/v2/accounts/", headers={"Authorization": f"Token {DBT_TOKEN}"})
http.request("GET", settings.DBT_URL + "/api/v3/accounts/", headers={"Authorization": f"Token {settings.TOKEN}"})
c1 = dbtCloudClient(service_token=os.environ["DBT_CLOUD_SERVICE_TOKEN"], host="emea.dbt.com")
c2 = dbtCloudClient(api_key="deadbeefdeadbeefdeadbeefdeadbeefdeadbeef")
c3 = dbtCloudClient()
sl = SemanticLayerClient(environment_id=123, auth_token=os.environ["SL_TOKEN"], host="semantic-layer.cloud.getdbt.com")
JDBC = f"jdbc:arrow-flight-sql://semantic-layer.cloud.getdbt.com:443?&environmentId=202339&token={os.environ['DBT_SL_TOKEN']}"
JDBC2 = "jdbc:arrow-flight-sql://semantic-layer.emea.dbt.com:443?&environmentId=202339&token=dbtc_FAKEsvc0FAKEsvc0FAKEsvc0FAKEsvc0FAKEsvc0FAKEsvc0FA"

class DbtCloud:
    def __init__(self, account_id, token, host="cloud.getdbt.com"):
        self.base = f"https://{host}/api/v2/accounts/{account_id}"
        self.session = httpx.Client()
        self.session.headers["Authorization"] = f"Token {token}"

    def trigger(self, job_id):
        return self.session.post(f"{self.base}/jobs/{job_id}/run/", json={})

api = DbtCloud(42, os.environ["DBT_CLOUD_PAT"])

def run_job(account, job, token):
    return httpx.post(f"https://cloud.getdbt.com/api/v2/accounts/{account}/jobs/{job}/run/", headers={"Authorization": f"Token {token}"})

run_job(99, 3, os.getenv("DBT_API_TOKEN"))
