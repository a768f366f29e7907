"""The SQL behind accord.relationships.gaps: one GROUP BY per gap type, portable.

Plain SQL rather than the ORM because the queries join interactions straight to the
relationship on customer_id (the ORM would route through the customer table) and use
NOT EXISTS against a per-group time range. `{scope}` narrows to one owner or team.
"""

from __future__ import annotations

from accord.core.tables import table
from accord.members.models import StaffMember
from accord.relationships.models import Handoff, OwnerAssignment, Relationship

RELATIONSHIP = Relationship._meta.db_table
ASSIGNMENT = OwnerAssignment._meta.db_table
HANDOFF = Handoff._meta.db_table
STAFF = StaffMember._meta.db_table
# Gaps read the domains above relationships (who touched the customer, open requests and
# promises): by registry label, so the domain order holds.
CUSTOMER = table("customers.Customer")
INTERACTION = table("interactions.Interaction")
REQUEST = table("interactions.Request")
PROMISE = table("promises.Promise")

LIVE = "r.stage <> 'departed'"

# In the NOT EXISTS probes below, `+x.staff_id` keeps the staff column out of index
# choice: SQLite without statistics otherwise probes interaction_staff_time (the
# owner's every interaction in the window, tens of thousands for a busy owner) once per
# candidate row instead of interaction_customer_time (one customer's few). Measured on
# the 100k demo book: My book's gaps took 32.7 s. PostgreSQL plans it the same way.

# Params: is_active=False. The last ended assignment (owner, end, recorded reason) says
# why an orphan has nobody; its subqueries run only for the few orphaned rows.
_LAST_ENDED = f"""(SELECT a2.{{column}} FROM {ASSIGNMENT} a2 WHERE a2.customer_id = r.customer_id
    AND a2.ended_at IS NOT NULL ORDER BY a2.ended_at DESC, a2.id DESC LIMIT 1)"""
ORPHANED = f"""
SELECT r.customer_id, c.name, a.owner_id,
  {_LAST_ENDED.format(column="owner_id")} AS last_owner_id,
  {_LAST_ENDED.format(column="ended_at")} AS last_ended_at,
  {_LAST_ENDED.format(column="reason")} AS last_reason,
  (SELECT COUNT(*) FROM {PROMISE} p WHERE p.customer_id = r.customer_id
    AND p.status = 'open' AND p.made_by_side = 'company') AS open_promises
FROM {RELATIONSHIP} r
JOIN {CUSTOMER} c ON c.id = r.customer_id
LEFT JOIN {ASSIGNMENT} a ON a.customer_id = r.customer_id AND a.ended_at IS NULL
LEFT JOIN {STAFF} s ON s.id = a.owner_id
WHERE {LIVE} AND (a.id IS NULL OR s.is_active = %s) {{scope}}
"""
# ORPHANED's {scope} for one owner: relationships that owner was ever assigned (the
# former owner is among them; the exact check is in Python). Params: owner id.
ORPHANED_OWNER_SCOPE = f"""
  AND r.customer_id IN (SELECT a3.customer_id FROM {ASSIGNMENT} a3 WHERE a3.owner_id = %s)"""

# Params: window start, as_of, scope...
STALE = f"""
SELECT g.customer_id, c.name, g.owner_id, g.inbound, g.last_inbound
FROM (
  SELECT i.customer_id, r.owner_id,
    SUM(CASE WHEN i.direction = 'inbound' THEN 1 ELSE 0 END) AS inbound,
    MAX(CASE WHEN i.direction = 'inbound' THEN i.occurred_at END) AS last_inbound,
    SUM(CASE WHEN i.direction = 'outbound' AND i.staff_id = r.owner_id THEN 1 ELSE 0 END)
      AS owner_outbound
  FROM {INTERACTION} i
  JOIN {RELATIONSHIP} r ON r.customer_id = i.customer_id
  WHERE i.occurred_at > %s AND i.occurred_at <= %s AND {LIVE} AND r.owner_id IS NOT NULL
    {{scope}}
  GROUP BY i.customer_id, r.owner_id
) g
JOIN {CUSTOMER} c ON c.id = g.customer_id
WHERE g.inbound > 0 AND g.owner_outbound = 0
"""


def contested(kind_count: int, vendor: str) -> str:
    """Params: window start, as_of, the strategic kinds, scope..."""
    functions = (
        "STRING_AGG(DISTINCT i.function, ',')"
        if vendor == "postgresql"
        else "GROUP_CONCAT(DISTINCT i.function)"
    )
    kinds = ", ".join(["%s"] * kind_count)
    return f"""
SELECT g.customer_id, c.name, g.owner_id, g.functions, g.first_at, g.last_at
FROM (
  SELECT i.customer_id, r.owner_id, {functions} AS functions,
    MIN(i.occurred_at) AS first_at, MAX(i.occurred_at) AS last_at
  FROM {INTERACTION} i
  JOIN {RELATIONSHIP} r ON r.customer_id = i.customer_id
  JOIN {STAFF} o ON o.id = r.owner_id
  WHERE i.occurred_at > %s AND i.occurred_at <= %s AND i.direction = 'outbound'
    AND i.kind IN ({kinds}) AND i.function <> '' AND i.function <> o.function AND {LIVE}
    {{scope}}
  GROUP BY i.customer_id, r.owner_id
  HAVING COUNT(DISTINCT i.function) >= 2
) g
JOIN {CUSTOMER} c ON c.id = g.customer_id
WHERE NOT EXISTS (
  SELECT 1 FROM {INTERACTION} x WHERE x.customer_id = g.customer_id
    AND +x.staff_id = g.owner_id AND x.occurred_at >= g.first_at AND x.occurred_at <= g.last_at
)
"""


# Params: horizon start, as_of, silence limit, scope..., as_of.
DROPPED_HANDOFF = f"""
SELECT h.customer_id, c.name, h.to_owner_id, h.from_owner_id, h.occurred_at, h.id
FROM (
  SELECT customer_id, MAX(occurred_at) AS latest FROM {HANDOFF}
  WHERE occurred_at >= %s AND occurred_at <= %s
  GROUP BY customer_id HAVING MAX(occurred_at) <= %s
) latest
JOIN {HANDOFF} h ON h.customer_id = latest.customer_id AND h.occurred_at = latest.latest
JOIN {RELATIONSHIP} r ON r.customer_id = h.customer_id
JOIN {CUSTOMER} c ON c.id = h.customer_id
WHERE {LIVE} {{scope}}
  AND NOT EXISTS (
    SELECT 1 FROM {INTERACTION} x WHERE x.customer_id = h.customer_id
      AND +x.staff_id = h.to_owner_id AND x.direction = 'outbound'
      AND x.occurred_at >= h.occurred_at AND x.occurred_at <= %s
  )
"""

# Params: as_of, scope..., as_of. The latest hand-off of a live relationship, when the
# customer agreed to email but none went out, and the new owner has not written since.
UNTOLD_HANDOFF = f"""
SELECT h.customer_id, c.name, h.to_owner_id, h.notice_problem, h.occurred_at
FROM {HANDOFF} h
JOIN {RELATIONSHIP} r ON r.customer_id = h.customer_id
JOIN {CUSTOMER} c ON c.id = h.customer_id
WHERE h.notice_problem <> '' AND h.occurred_at <= %s AND {LIVE} {{scope}}
  AND NOT EXISTS (
    SELECT 1 FROM {HANDOFF} later WHERE later.customer_id = h.customer_id
      AND (later.occurred_at > h.occurred_at
        OR (later.occurred_at = h.occurred_at AND later.id > h.id))
  )
  AND NOT EXISTS (
    SELECT 1 FROM {INTERACTION} x WHERE x.customer_id = h.customer_id
      AND +x.staff_id = h.to_owner_id AND x.direction = 'outbound'
      AND x.occurred_at >= h.occurred_at AND x.occurred_at <= %s
  )
"""

# Params: scope...
BOOK_SIZES = f"""
SELECT r.owner_id, COUNT(*) FROM {RELATIONSHIP} r
WHERE {LIVE} AND r.owner_id IS NOT NULL {{scope}}
GROUP BY r.owner_id
"""

# Params: as_of, scope... (`{{scope}}` written for the owner column assigned_to_id).
OPEN_REQUESTS = f"""
SELECT assigned_to_id, COUNT(*) FROM {REQUEST} r
WHERE status = 'open' AND assigned_to_id IS NOT NULL AND received_at <= %s {{scope}}
GROUP BY assigned_to_id
"""
