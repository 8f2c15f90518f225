import os
import requests

BASE = os.environ.get("DBT_CLOUD_URL", "https://cloud.getdbt.com")
ACCOUNT_ID = 12345
API_KEY = os.environ["DBT_API_KEY"]
DBT_CLOUD_API_KEY = "deadbeefdeadbeefdeadbeefdeadbeefdeadbeef"
HEADERS = {"Authorization": f"Token {API_KEY}", "Content-Type": "application/json"}

def trigger(job_id):
    """Trigger https://cloud.getdbt.com/api/v2/accounts/1/jobs/2/run/ docs."""
    url = f"{BASE}/api/v2/accounts/{ACCOUNT_ID}/jobs/{job_id}/run/"
    # requests.post("https://cloud.getdbt.com/api/v2/accounts/9/jobs/1/run/")
    r = requests.post(url, headers=HEADERS, json={"cause": "ci"})
    return r.json()

s = requests.Session()
s.headers.update({"Authorization": "Bearer " + os.getenv("DBT_CLOUD_SERVICE_TOKEN")})
s.get("https://emea.dbt.com/api/v3/accounts/%s/projects/" % ACCOUNT_ID)
requests.get("https://api.github.com/repos/x/y", headers={"Authorization": "token x"})
