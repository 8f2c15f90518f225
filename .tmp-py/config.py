import os
BASE_URL = os.getenv("DBT_BASE_URL", "https://cloud.getdbt.com")
DBT_TOKEN = os.environ["DBT_CLOUD_API_TOKEN"]
