DBT_URL = "https://abc123.us1.dbt.com"
TOKEN = "dbtu_FAKEpat0FAKEpat0FAKEpat0FAKEpat0FAKEpat0FAKEpat0FA"
