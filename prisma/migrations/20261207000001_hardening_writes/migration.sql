-- Hardening of the write path (issue #10).
--
-- 1. jsonb cannot hold U+0000, which Kubernetes accepts in any string. An object containing it is
--    stored with its exact JSON text in "exact" (TEXT holds the six characters \u0000 of the JSON
--    escape); "data" then holds the same object with U+0000 shown as U+FFFD, for SQL readers only.
--    Readers take "exact" when it is not NULL. Rows written before this migration have NULL there.
-- 2. A delete returns the row it removed ("data", "exact"), so the DELETED event and the response
--    carry the object as it was deleted, not as it was read before.

ALTER TABLE "objects" ADD COLUMN "exact" TEXT;
ALTER TABLE "events" ADD COLUMN "exact" TEXT;

-- Each op is
--   {"op":"create"|"update"|"delete", "resource", "namespace", "name", "uid", "data", "exact", "expectRv", "expectUid"}
-- and yields {"rv": n} (a delete adds "prevRv", "data", "exact" of the removed row) or
-- {"error": "exists"|"notfound"|"conflict"|"uid", "rv": current}.
-- A failed op does not abort the others: conflicts are detected by compare-and-swap, not exceptions.
CREATE OR REPLACE FUNCTION "kop_write"(ops JSONB) RETURNS JSONB LANGUAGE plpgsql AS $fn$
DECLARE
  op        JSONB;
  results   JSONB := '[]'::jsonb;
  r         BIGINT;
  cur_rv    BIGINT;
  cur_uid   TEXT;
  old_data  JSONB;
  old_exact TEXT;
  last_rv   BIGINT := 0;
  k_res     TEXT;
  k_ns      TEXT;
  k_name    TEXT;
BEGIN
  -- One writer at a time across all apiserver replicas: resourceVersions are handed out and
  -- committed in the same order. Released at commit.
  PERFORM pg_advisory_xact_lock(7243070001);
  FOR op IN SELECT value FROM jsonb_array_elements(ops) LOOP
    k_res := op->>'resource'; k_ns := op->>'namespace'; k_name := op->>'name';
    IF op->>'op' = 'create' THEN
      r := nextval('rv_seq');
      INSERT INTO objects (resource, namespace, name, uid, rv, data, exact)
        VALUES (k_res, k_ns, k_name, op->>'uid', r, op->'data', op->>'exact')
        ON CONFLICT DO NOTHING;
      IF FOUND THEN
        INSERT INTO events (rv, resource, namespace, name, type, data, exact)
          VALUES (r, k_res, k_ns, k_name, 1, op->'data', op->>'exact');
        results := results || jsonb_build_object('rv', r);
        last_rv := r;
      ELSE
        SELECT o.rv INTO cur_rv FROM objects o WHERE o.resource = k_res AND o.namespace = k_ns AND o.name = k_name;
        results := results || jsonb_build_object('error', 'exists', 'rv', cur_rv);
      END IF;
    ELSIF op->>'op' = 'update' THEN
      r := nextval('rv_seq');
      UPDATE objects SET rv = r, data = op->'data', exact = op->>'exact'
        WHERE resource = k_res AND namespace = k_ns AND name = k_name AND rv = (op->>'expectRv')::bigint;
      IF FOUND THEN
        INSERT INTO events (rv, resource, namespace, name, type, data, exact)
          VALUES (r, k_res, k_ns, k_name, 2, op->'data', op->>'exact');
        results := results || jsonb_build_object('rv', r);
        last_rv := r;
      ELSE
        SELECT o.rv INTO cur_rv FROM objects o WHERE o.resource = k_res AND o.namespace = k_ns AND o.name = k_name;
        results := results || jsonb_build_object('error', CASE WHEN cur_rv IS NULL THEN 'notfound' ELSE 'conflict' END, 'rv', cur_rv);
      END IF;
    ELSIF op->>'op' = 'delete' THEN
      SELECT o.rv, o.uid INTO cur_rv, cur_uid FROM objects o
        WHERE o.resource = k_res AND o.namespace = k_ns AND o.name = k_name FOR UPDATE;
      IF cur_rv IS NULL THEN
        results := results || jsonb_build_object('error', 'notfound');
      ELSIF op ? 'expectUid' AND op->>'expectUid' IS NOT NULL AND op->>'expectUid' <> cur_uid THEN
        results := results || jsonb_build_object('error', 'uid', 'rv', cur_rv);
      ELSIF op ? 'expectRv' AND op->>'expectRv' IS NOT NULL AND (op->>'expectRv')::bigint <> cur_rv THEN
        results := results || jsonb_build_object('error', 'conflict', 'rv', cur_rv);
      ELSE
        r := nextval('rv_seq');
        DELETE FROM objects WHERE resource = k_res AND namespace = k_ns AND name = k_name
          RETURNING data, exact INTO old_data, old_exact;
        INSERT INTO events (rv, resource, namespace, name, type, data, exact)
          VALUES (r, k_res, k_ns, k_name, 3, old_data, old_exact);
        results := results || jsonb_build_object('rv', r, 'prevRv', cur_rv, 'data', old_data, 'exact', old_exact);
        last_rv := r;
      END IF;
    ELSE
      RAISE EXCEPTION 'kop_write: unknown op %', op->>'op';
    END IF;
  END LOOP;
  IF last_rv > 0 THEN
    -- The payload is the newest version written: a listener already past it need not read.
    PERFORM pg_notify('kop_events', last_rv::text);
  END IF;
  RETURN results;
END;
$fn$;
