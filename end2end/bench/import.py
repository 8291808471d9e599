"""make bench: a commune office's 2,000-row member list (CSV) checked and applied, on a server of
its own with the demo data. Usage: import.py BASE_URL DATABASE_FILE"""
import json, sqlite3, statistics, sys, time, urllib.parse, urllib.request, uuid

base, db_file = sys.argv[1], sys.argv[2]
db = sqlite3.connect(db_file)
commune = db.execute("SELECT id FROM org_units WHERE name = 'Thị trấn Sa Rài'").fetchone()[0]
hamlets = [r[0] for r in db.execute(
    "SELECT u.name FROM org_units u JOIN org_unit_links l ON l.child_id = u.id WHERE l.parent_id = ? AND l.valid_to IS NULL", (commune,))]

def post(path, body, content_type, cookie=None):
    req = urllib.request.Request(base + path, data=body, headers={"content-type": content_type, "accept": "application/json"})
    if cookie:
        req.add_header("cookie", cookie)
    with urllib.request.urlopen(req, timeout=60) as r:
        return r.headers, r.read()

headers, _ = post("/api/auth/login", json.dumps({"username": "sarai", "password": "tanhong"}).encode(), "application/json")
cookie = headers["set-cookie"].split(";")[0]

family = ["Nguyễn", "Trần", "Lê", "Phạm", "Võ", "Huỳnh", "Đặng", "Bùi", "Đỗ", "Ngô"]
middle = ["Văn", "Thị", "Minh", "Thanh", "Hữu", "Ngọc"]
given = ["An", "Bình", "Cường", "Dũng", "Hải", "Hùng", "Lan", "Mai", "Nam", "Phúc", "Quang", "Sơn", "Tâm", "Thảo", "Vinh"]
lines = ["STT,Họ và tên,Giới tính,Ngày sinh,Số thẻ đảng viên,Số lý lịch,Ngày vào Đảng,Ngày chính thức,Nơi cư trú,Chức vụ"]
for i in range(2000):
    name = f"{family[i % 10]} {middle[i % 6]} {given[i % 15]}"
    lines.append(f"{i + 1},{name},{'Nữ' if i % 2 else 'Nam'},{(i % 28) + 1:02d}/{(i % 12) + 1:02d}/19{70 + i % 25},"
                 f"95.{i:06d},LL-{i:05d},15/03/2015,15/03/2016,{hamlets[i % len(hamlets)]},Công chức")
csv_bytes = ("\ufeff" + "\r\n".join(lines)).encode()
import base64
data_url = "data:text/csv;base64," + base64.b64encode(csv_bytes).decode()
body = urllib.parse.urlencode({"commune": commune, "request": json.dumps({"data_url": data_url, "mapping": [], "hamlets": []})}).encode()

def preview():
    started = time.perf_counter()
    _, reply = post("/api/preview_import", body, "application/x-www-form-urlencoded", cookie)
    return time.perf_counter() - started, json.loads(reply)

times = []
for _ in range(5):
    took, checked = preview()
    times.append(took)
planned = [l["change"] for l in checked["lines"] if l["change"]]
print(f"2,000-row list ({len(csv_bytes) // 1024} KB CSV) checked: median {statistics.median(times) * 1000:.0f} ms over 5 "
      f"(budget 2 s); {len(planned)} rows to add, {sum(1 for l in checked['lines'] if l['errors'])} with errors")

mutations = [{"id": str(uuid.uuid4()), "client_seq": i + 1, "name": c["name"], "args": c["args"], "base_version": c["base"], "created_at": 0}
             for i, c in enumerate(planned)]
push = json.dumps({"client_id": str(uuid.uuid4()), "mutations": mutations}).encode()
started = time.perf_counter()
_, reply = post("/api/sync/push", push, "application/json", cookie)
took = time.perf_counter() - started
applied = sum(1 for r in json.loads(reply)["results"] if r["status"] == "applied")
print(f"2,000 rows applied (member.create, audited): {took * 1000:.0f} ms, {applied} applied (budget 5 s)")
took, again = preview()
unchanged = sum(1 for l in again["lines"] if l["unchanged"])
print(f"the same file again: {unchanged} of {len(again['lines'])} rows unchanged, checked in {took * 1000:.0f} ms")

# The change history after the import: every new member and membership audited (4,000 rows).
def get(path):
    req = urllib.request.Request(base + path, headers={"cookie": cookie})
    started = time.perf_counter()
    with urllib.request.urlopen(req, timeout=120) as r:
        data = r.read()
    return time.perf_counter() - started, data

rows = db.execute("SELECT COUNT(*) FROM audit_log WHERE commune_id = ?", (commune,)).fetchone()[0]
page_times = [get("/lich-su")[0] for _ in range(5)]
took, csv_reply = get("/api/history.csv")
print(f"change history with {rows} audited rows in the commune: page 1 (50 rows, the count, the authors) median "
      f"{statistics.median(page_times) * 1000:.0f} ms over 5; the whole CSV ({len(csv_reply) // 1024} KB) {took * 1000:.0f} ms")
