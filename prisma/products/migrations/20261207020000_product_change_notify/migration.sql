-- Push for the product change feed (docs/change-feed.md): every statement that records changes notifies the
-- channel `product_changes` with the newest id it inserted. PostgreSQL delivers a NOTIFY at commit, to listeners,
-- in commit order, and the feed's ids commit in id order, so a listener that read the head and then each payload
-- knows the head without reading the table. Notifications are dropped on rollback, like the rows.
CREATE FUNCTION "product_change_notify"() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  newest BIGINT;
BEGIN
  SELECT max("id") INTO newest FROM inserted;
  IF newest IS NOT NULL THEN
    PERFORM pg_notify('product_changes', newest::text);
  END IF;
  RETURN NULL;
END
$$;

CREATE TRIGGER "ProductChange_notify"
  AFTER INSERT ON "ProductChange"
  REFERENCING NEW TABLE AS inserted
  FOR EACH STATEMENT EXECUTE FUNCTION "product_change_notify"();
