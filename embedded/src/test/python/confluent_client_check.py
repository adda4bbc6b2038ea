"""Drives the embedded registry with Confluent's own Python client (confluent-kafka's SchemaRegistryClient).

Usage: python3 confluent_client_check.py <registry-url> <unique-suffix>
Exits non-zero on the first disagreement; prints one line per check.
"""
import sys

from confluent_kafka.schema_registry import Schema, SchemaRegistryClient
from confluent_kafka.schema_registry.error import SchemaRegistryError

url, suffix = sys.argv[1], sys.argv[2]
client = SchemaRegistryClient({"url": url})
subject = "python-check-" + suffix + "-value"
other = "python-other-" + suffix + "-value"

V1 = '{"type":"record","name":"Py","namespace":"org.together.test","fields":[{"name":"a","type":"int"}]}'
V2 = ('{"type":"record","name":"Py","namespace":"org.together.test","fields":[{"name":"a","type":"int"},'
      '{"name":"b","type":"string","default":"x"}]}')
ADD_REQUIRED = ('{"type":"record","name":"Py","namespace":"org.together.test","fields":[{"name":"a","type":"int"},'
                '{"name":"c","type":"long"}]}')
checks = 0


def check(name, condition):
    global checks
    if not condition:
        print("FAILED: " + name)
        sys.exit(1)
    checks += 1
    print("ok: " + name)


def error_of(call):
    try:
        call()
    except SchemaRegistryError as e:
        return e.http_status_code, e.error_code
    return None


id1 = client.register_schema(subject, Schema(V1, "AVRO"))
check("register answers an int id", isinstance(id1, int))
check("same schema again, same id", SchemaRegistryClient({"url": url}).register_schema(subject, Schema(V1, "AVRO")) == id1)
check("same schema under another subject, same id", client.register_schema(other, Schema(V1, "AVRO")) == id1)
id2 = client.register_schema(subject, Schema(V2, "AVRO"))
check("new schema, new id", id2 != id1)

fetched = SchemaRegistryClient({"url": url}).get_schema(id1)
check("schema by id is AVRO", fetched.schema_type == "AVRO")
check("schema by id is the registered one", fetched.schema_str.replace(" ", "") == V1)

latest = client.get_latest_version(subject)
check("latest version", (latest.subject, latest.version, latest.schema_id) == (subject, 2, id2))
first = client.get_version(subject, 1)
check("version 1", (first.version, first.schema_id) == (1, id1))
check("versions list", client.get_versions(subject) == [1, 2])
check("subjects list", subject in client.get_subjects() and other in client.get_subjects())

found = client.lookup_schema(subject, Schema(V1, "AVRO"))
check("lookup without registering", (found.subject, found.version, found.schema_id) == (subject, 1, id1))
check("lookup of an unknown schema is 40403", error_of(lambda: client.lookup_schema(subject, Schema(ADD_REQUIRED, "AVRO"))) == (404, 40403))

check("global level is BACKWARD", client.get_compatibility() == "BACKWARD")
check("a new required field is not BACKWARD compatible", client.test_compatibility(subject, Schema(ADD_REQUIRED, "AVRO")) is False)
check("registering it is 409", error_of(lambda: client.register_schema(subject, Schema(ADD_REQUIRED, "AVRO"))) == (409, 409))
client.set_compatibility(subject, "FORWARD")
check("subject level set", client.get_compatibility(subject) == "FORWARD")
check("global level unchanged", client.get_compatibility() == "BACKWARD")
check("now compatible", client.test_compatibility(subject, Schema(ADD_REQUIRED, "AVRO")) is True)
id3 = client.register_schema(subject, Schema(ADD_REQUIRED, "AVRO"))
check("registered under FORWARD", id3 not in (id1, id2))
check("invalid level is 42203", error_of(lambda: client.set_compatibility(subject, "SIDEWAYS")) == (422, 42203))
check("invalid schema is 42201", error_of(lambda: client.register_schema(subject, Schema('{"type":"record"', "AVRO"))) == (422, 42201))
check("unknown subject is 40401", error_of(lambda: client.get_latest_version("python-nobody-" + suffix)) == (404, 40401))
check("unknown version is 40402", error_of(lambda: client.get_version(subject, 42)) == (404, 40402))
check("unknown id is 40403", error_of(lambda: SchemaRegistryClient({"url": url}).get_schema(987654)) == (404, 40403))

check("soft delete of a version", client.delete_version(subject, 3) == 3)
check("versions after it", client.get_versions(subject) == [1, 2])
check("soft delete of the subject", client.delete_subject(subject) == [1, 2])
check("gone from the subjects", subject not in client.get_subjects())
check("a second soft delete is 40404", error_of(lambda: client.delete_subject(subject)) == (404, 40404))
# delete_subject(permanent=True) differs across client versions (1.x soft-deletes first, 2.x does not): send it bare.
check("permanent delete", client._rest_client.delete("subjects/" + subject + "?permanent=true") == [1, 2, 3])
check("gone even from the deleted subjects", subject not in client.get_subjects() and
      error_of(lambda: client.get_version(subject, 1)) == (404, 40401))
check("the other subject keeps the shared id", SchemaRegistryClient({"url": url}).get_schema(id1).schema_str.replace(" ", "") == V1)

print("%d passed, 0 failed" % checks)
