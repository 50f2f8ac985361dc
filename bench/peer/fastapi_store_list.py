# SPDX-License-Identifier: Apache-2.0
"""The product brief's stack (FastAPI on uvicorn) serving the same store list as
GET /api/v1/stores, so bench/wrk_store_list.sh can compare the two in one run.

The list is built once at start-up from the same store definition file, which is the most
favourable case for the peer (no database round trip per request).
Run: python3 -m uvicorn --app-dir bench/peer fastapi_store_list:app --port 8081
"""
import json
import os

from fastapi import FastAPI

STORE_FILE = os.environ.get("STOREOPS_PEER_STORE", "data/stores/supercenter.json")

with open(STORE_FILE, encoding="utf-8") as handle:
    _store = json.load(handle)

_STORE_LIST = {
    "stores": [
        {
            "id": _store["id"],
            "name": _store["name"],
            "timezone": _store["timezone"],
            "zone_count": len(_store["zones"]),
        }
    ]
}

app = FastAPI()


@app.get("/api/v1/stores")
def list_stores():
    return _STORE_LIST
