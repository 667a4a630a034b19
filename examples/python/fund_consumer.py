"""A fund's consumer in Python with confluent-kafka (librdkafka 2.16), over SASL_SSL or mutual TLS.

    KAFKA_BROKERS=kafka.example:9096 FUND_TOPIC=hub.akasse.aak GROUP_ID=akasse-aak.fagsystem \\
    KAFKA_SASL_USERNAME=akasse-aak KAFKA_SASL_PASSWORD=... KAFKA_CA_FILE=ca.pem \\
    SCHEMA_REGISTRY_URL=https://registry.example/apis/ccompat/v7 SCHEMA_REGISTRY_USER_INFO=user:password \\
    python fund_consumer.py --max 10

With KAFKA_CERT_FILE and KAFKA_KEY_FILE instead of the SASL settings it logs in with its certificate.
The group must start with the fund's user name and a dot (`akasse-aak.`): the broker's ACLs allow
no other. Prints one JSON line per notification (CPR masked) and commits after each.
"""
import argparse
import json
import os
import sys
import time

from confluent_kafka import Consumer
from confluent_kafka.schema_registry import SchemaRegistryClient
from confluent_kafka.schema_registry.avro import AvroDeserializer
from confluent_kafka.serialization import MessageField, SerializationContext


def kafka_config() -> dict:
    config = {
        "bootstrap.servers": os.environ["KAFKA_BROKERS"],
        "group.id": os.environ["GROUP_ID"],
        "isolation.level": "read_committed",
        "auto.offset.reset": "earliest",
        "enable.auto.commit": False,
        # librdkafka retries by itself; say on stderr what it runs into (a refused login, a broker away).
        "error_cb": lambda error: print(f"kafka: {error}", file=sys.stderr, flush=True),
    }
    if os.environ.get("KAFKA_CA_FILE"):
        config["ssl.ca.location"] = os.environ["KAFKA_CA_FILE"]
    if os.environ.get("KAFKA_CERT_FILE"):
        config.update({"security.protocol": "SSL", "ssl.certificate.location": os.environ["KAFKA_CERT_FILE"], "ssl.key.location": os.environ["KAFKA_KEY_FILE"]})
    elif os.environ.get("KAFKA_SASL_USERNAME"):
        config.update({
            "security.protocol": "SASL_SSL", "sasl.mechanism": os.environ.get("KAFKA_SASL_MECHANISM", "SCRAM-SHA-256"),
            "sasl.username": os.environ["KAFKA_SASL_USERNAME"], "sasl.password": os.environ["KAFKA_SASL_PASSWORD"],
        })
    return config


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--max", type=int, default=0)
    args = parser.parse_args()
    registry_config = {"url": os.environ["SCHEMA_REGISTRY_URL"]}
    if os.environ.get("SCHEMA_REGISTRY_USER_INFO"):
        registry_config["basic.auth.user.info"] = os.environ["SCHEMA_REGISTRY_USER_INFO"]
    if os.environ.get("SCHEMA_REGISTRY_CA_FILE"):
        registry_config["ssl.ca.location"] = os.environ["SCHEMA_REGISTRY_CA_FILE"]
    deserialize = AvroDeserializer(SchemaRegistryClient(registry_config))
    topic = os.environ["FUND_TOPIC"]
    consumer = Consumer(kafka_config())
    consumer.subscribe([topic])
    seen = 0
    quiet_since = time.monotonic()
    try:
        while args.max == 0 or seen < args.max:
            message = consumer.poll(1.0)
            if message is None:
                if time.monotonic() - quiet_since > 15:
                    # Nothing for a while: what the consumer holds and where it reads, on stderr.
                    assigned = consumer.assignment()
                    where = consumer.position(assigned) if assigned else []
                    print(f"waiting: assigned {[(p.topic, p.partition) for p in assigned]}, at {[(p.partition, p.offset) for p in where]}", file=sys.stderr, flush=True)
                    quiet_since = time.monotonic()
                continue
            quiet_since = time.monotonic()
            if message.error():
                raise RuntimeError(str(message.error()))
            n = deserialize(message.value(), SerializationContext(topic, MessageField.VALUE))
            # fastavro turns the logical types into datetime.date and an aware datetime.
            print(json.dumps({
                "notifikationId": n["notifikationId"], "indberetningId": n["indberetningId"], "cpr": n["cpr"][:6] + "-XXXX",
                "haendelsesdato": n["haendelsesdato"].isoformat(), "modtagetTidspunkt": n["modtagetTidspunkt"].isoformat(),
                "partition": message.partition(), "offset": message.offset(),
            }), flush=True)
            consumer.commit(message=message, asynchronous=False)
            seen += 1
    finally:
        consumer.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
