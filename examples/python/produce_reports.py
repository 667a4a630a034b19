"""A case system's producer in Python with confluent-kafka (librdkafka): the producer guide's example.

Reads reports as JSON lines on stdin, ``{"kapitel": N, "report": {...}}`` with dates as ``YYYY-MM-DD``
and instants as ISO-8601 with an offset, and publishes each to the hub's inbound topic exactly as the
hub's own SDK does (docs/producer-guide.md):

- key: the person key from the hub's key service (``POST /api/v1/personnoegler`` with the system's API
  key), kept in a cache for good: a person's key never changes, and nothing here can turn it back into a CPR;
- partitioner ``murmur2_random``: the Java client's and the hub's partitioning, so every report about a
  person lands on the same partition whichever client sent it (librdkafka's default would not);
- headers ``hub-kildesystem``, ``hub-indberetning-id``, ``hub-kapitel``;
- value: the envelope ``{kapitel, data}`` in the Confluent wire format, with the schema the hub
  registered under ``<topic>-value`` (never auto-registered by the producer);
- ``enable.idempotence`` and ``acks=all``: no report lost or doubled by a retry, and in order.

    KAFKA_BROKERS=127.0.0.1:9092 SCHEMA_REGISTRY_URL=http://127.0.0.1:8081/apis/ccompat/v7 \\
    INBOUND_TOPIC=hub.indberetninger HUB_URL=http://127.0.0.1:8080 HUB_API_KEY=hub_... \\
    python produce_reports.py < reports.ndjson

Prints one JSON line per report on stdout: its id, partition and offset; what it is doing on stderr.
"""
import datetime
import json
import os
import sys
import urllib.request
from collections import OrderedDict

from confluent_kafka import Producer
from confluent_kafka.schema_registry import SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroSerializer
from confluent_kafka.serialization import MessageField, SerializationContext


class PersonKeys:
    """The hub's person keys over HTTP, up to 1000 CPR numbers a request, in an LRU cache."""

    def __init__(self, url: str, api_key: str, size: int = 100_000):
        self.endpoint = url.rstrip("/") + "/api/v1/personnoegler"
        self.api_key = api_key
        self.size = size
        self.cache: "OrderedDict[str, str]" = OrderedDict()

    def keys_for(self, cprs):
        missing = list(dict.fromkeys(c for c in cprs if c not in self.cache))
        for i in range(0, len(missing), 1000):
            batch = missing[i:i + 1000]
            request = urllib.request.Request(self.endpoint, method="POST", data=json.dumps({"cpr": batch}).encode("utf-8"),
                                             headers={"content-type": "application/json", "x-api-key": self.api_key})
            with urllib.request.urlopen(request, timeout=10) as response:
                keys = json.load(response)["personnoegler"]
            for cpr, key in zip(batch, keys):
                self.cache[cpr] = key
                if len(self.cache) > self.size:
                    self.cache.popitem(last=False)
        out = []
        for cpr in cprs:
            self.cache.move_to_end(cpr)
            out.append(self.cache[cpr])
        return out


def to_avro(schema, value, kapitel):
    """Shapes JSON for fastavro: dates and instants as Python values, the data union as (name, record)."""
    if isinstance(schema, list):
        if value is None:
            return None
        branches = [b for b in schema if b != "null"]
        if len(branches) == 1:
            return to_avro(branches[0], value, kapitel)
        # The envelope's data: the branch of this chapter, named, so fastavro cannot pick another.
        for branch in branches:
            if branch["name"] == f"Kapitel{kapitel}Indberetning":
                return (f"{branch['namespace']}.{branch['name']}", to_avro(branch, value, kapitel))
        raise ValueError(f"no branch for kapitel {kapitel}")
    if isinstance(schema, dict):
        logical = schema.get("logicalType")
        if logical == "date":
            return datetime.date.fromisoformat(value)
        if logical == "timestamp-millis":
            return datetime.datetime.fromisoformat(value.replace("Z", "+00:00"))
        if schema.get("type") == "record":
            return {f["name"]: to_avro(f["type"], value.get(f["name"]), kapitel) for f in schema["fields"]}
        if schema.get("type") == "array":
            return [to_avro(schema["items"], v, kapitel) for v in value]
    return value


def log(message: str) -> None:
    """Progress on stderr (stdout carries the results)."""
    print(f"produce_reports: {message}", file=sys.stderr, flush=True)


def main() -> int:
    topic = os.environ["INBOUND_TOPIC"]
    person_keys = PersonKeys(os.environ["HUB_URL"], os.environ["HUB_API_KEY"])
    # The client waits for ever by default: a registry that does not answer should fail the run instead.
    registry = SchemaRegistryClient({"url": os.environ["SCHEMA_REGISTRY_URL"], "timeout": 10})
    registered = registry.get_latest_version(f"{topic}-value")
    schema = json.loads(registered.schema.schema_str)
    serializer = AvroSerializer(registry, registered.schema.schema_str, conf={"auto.register.schemas": False, "use.latest.version": True})
    producer = Producer({
        "bootstrap.servers": os.environ["KAFKA_BROKERS"],
        "partitioner": "murmur2_random",
        "enable.idempotence": True,
        "acks": "all",
    })
    results, failures = [], []

    # Raising inside a delivery callback breaks librdkafka's poll loop: collect, then report.
    # (A delivery report carries no headers: the id travels with the callback.)
    def delivered(indberetning_id, error, message):
        if error is not None:
            failures.append(f"{indberetning_id}: {error}")
            return
        results.append({"indberetningId": indberetning_id, "partition": message.partition(), "offset": message.offset()})

    submissions = [json.loads(line) for line in sys.stdin if line.strip()]
    log(f"{len(submissions)} reports read; asking the key service for their persons' keys")
    keys = person_keys.keys_for([s["report"]["cpr"] for s in submissions])
    log("keys received; sending")
    for submission, key in zip(submissions, keys):
        kapitel, report = submission["kapitel"], submission["report"]
        envelope = to_avro(schema, {"kapitel": kapitel, "data": report}, kapitel)
        value = serializer(envelope, SerializationContext(topic, MessageField.VALUE))
        producer.produce(
            topic, key=key, value=value,
            on_delivery=lambda error, message, i=report["indberetningId"]: delivered(i, error, message),
            headers=[("hub-kildesystem", report["kildesystem"]), ("hub-indberetning-id", report["indberetningId"]), ("hub-kapitel", str(kapitel))],
        )
        producer.poll(0)
    # Idempotence keeps the order of one person's reports on their partition across retries.
    log(f"{len(submissions)} sent; waiting for the broker's acknowledgements")
    if producer.flush(30) > 0 or failures:
        print(f"not delivered: {failures or 'still unsent after 30 s'}", file=sys.stderr)
        return 1
    for result in results:
        print(json.dumps(result))
    log(f"{len(results)} acknowledged")
    return 0


if __name__ == "__main__":
    sys.exit(main())
