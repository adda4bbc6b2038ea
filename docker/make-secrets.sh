#!/usr/bin/env bash
# docker/make-secrets.sh [--viewer] [--rotate NAME]... [HOST]...
#
# Makes what the compose stack's security needs, in docker/secrets/ (or $TOGETHER_SECRETS_DIR), readable by you only:
#   secrets.env                passwords, the admin and metrics tokens and the pseudonym key (and the viewer token
#                              once asked for), for `docker compose --env-file docker/secrets/secrets.env`
#   kafka-jaas.conf            the brokers' SASL logins (their own PLAIN principal, SCRAM for everyone else)
#   broker-client.properties   the brokers' own principal as a client: kafka-init and the healthcheck connect with it
#   registry-jaas.conf, registry-users.properties   the Schema Registry's HTTP basic auth users
#   ca.p12, ca.crt             a private certificate authority (keep ca.p12 offline once the broker keystore exists)
#   kafka.keystore.p12         the brokers' key and certificate for the EXTERNAL (SASL_SSL) listener, signed by the CA,
#                              valid for localhost, 127.0.0.1, kafka, kafka-2, kafka-3 and every HOST given
#   kafka.truststore.p12       what clients outside the host trust (the CA); ca.crt is the same in PEM
#
# Nothing that exists is replaced, so running it again is safe: it only adds what is missing. --rotate NAME makes a
# new value for one variable of secrets.env (e.g. KAFKA_INGEST_PASSWORD); then follow docs/operations.md, "Security".
# Lines of secrets.env it does not make (variables added by hand, comments) are kept as they are, after its own.
# --viewer adds TOGETHER_VIEWER_TOKEN, the coordination team's token for exact figures (docs/operations.md, "Tokens"):
# optional, since without it the query API is public (small counts hidden). Once there it is kept, and
# --rotate TOGETHER_VIEWER_TOKEN replaces it (or adds it, like --viewer).
# TOGETHER_PSEUDONYM_KEY is made once and never rotated: the pseudonym vault is keyed with it (docs/privacy.md).
# To make the broker certificate again (new HOST names), delete kafka.keystore.p12 and run it with the names.
# Needs bash, keytool (from the JDK that builds the project) and /dev/urandom.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
dir="${TOGETHER_SECRETS_DIR:-$here/secrets}"
acls="${TOGETHER_KAFKA_ACLS:-$here/kafka-acls.conf}"
keytool="${KEYTOOL:-keytool}"

rotate=()
hosts=()
viewer=false
while [ $# -gt 0 ]; do
  case "$1" in
    --viewer) viewer=true; shift ;;
    --rotate) [ $# -ge 2 ] || { echo "make-secrets: --rotate needs a variable name" >&2; exit 2; }; rotate+=("$2"); shift 2 ;;
    -h|--help) sed -n '2,/^[^#]/{/^#/p}' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; exit 0 ;;
    -*) echo "make-secrets: unknown option $1" >&2; exit 2 ;;
    *) [[ "$1" =~ ^[A-Za-z0-9.-]+$ ]] || { echo "make-secrets: '$1' is not a host name" >&2; exit 2; }; hosts+=("$1"); shift ;;
  esac
done
command -v "$keytool" >/dev/null || { echo "make-secrets: keytool not found (set KEYTOOL or put the JDK's bin on PATH)" >&2; exit 1; }

umask 077
mkdir -p "$dir"
chmod 700 "$dir"
env_file="$dir/secrets.env"

# keytool is a JVM: a quick start matters more here than a warm one
kt() { "$keytool" -J-XX:TieredStopAtLevel=1 -J-XX:+UseSerialGC "$@"; }

# 32 characters of [A-Za-z0-9_-]: safe inside JAAS quotes, kafka-configs.sh's SCRAM syntax and compose files
random() { head -c 24 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n'; }

declare -A value
names=()
lines=()
header="# TOGETHER compose secrets, made by docker/make-secrets.sh: keep this file to yourself (docs/operations.md, \"Security\")"
if [ -f "$env_file" ]; then
  while IFS= read -r line || [ -n "$line" ]; do
    [ "$line" = "$header" ] && continue
    lines+=("$line")
    name="${line%%=*}"
    [ "$name" != "$line" ] && [[ "$name" =~ ^[A-Z][A-Z0-9_]*$ ]] || continue
    value[$name]="${line#*=}"
  done < "$env_file"
fi
want() { names+=("$1"); }

want TOGETHER_ADMIN_TOKEN
want TOGETHER_METRICS_TOKEN
# optional (the query API is public without it): made when asked for, kept once there
for name in "${rotate[@]+"${rotate[@]}"}"; do [ "$name" = TOGETHER_VIEWER_TOKEN ] && viewer=true; done
[ -n "${value[TOGETHER_VIEWER_TOKEN]:-}" ] && viewer=true
$viewer && want TOGETHER_VIEWER_TOKEN
want TOGETHER_PSEUDONYM_KEY
want KAFKA_BROKER_PASSWORD
# one SCRAM user per `user` line of the ACL file, as kafka-init.sh reads it
while read -r kind user _; do
  [ "$kind" = user ] || continue
  want "KAFKA_$(tr 'a-z-' 'A-Z_' <<<"$user")_PASSWORD"
done < "$acls"
want KAFKA_KEYSTORE_PASSWORD
want KAFKA_TRUSTSTORE_PASSWORD
want KAFKA_CA_PASSWORD
want REGISTRY_ADMIN_PASSWORD
want REGISTRY_INGEST_PASSWORD
want REGISTRY_AGGREGATION_PASSWORD

for name in "${rotate[@]+"${rotate[@]}"}"; do
  # no pipe into grep -q: under pipefail, printf killed by SIGPIPE when grep stops early would refuse a known name
  known=false
  for n in "${names[@]}"; do [ "$n" = "$name" ] && known=true; done
  $known || { echo "make-secrets: $name is not one of: ${names[*]}" >&2; exit 2; }
  case "$name" in
    KAFKA_KEYSTORE_PASSWORD|KAFKA_TRUSTSTORE_PASSWORD|KAFKA_CA_PASSWORD)
      echo "make-secrets: $name protects a key store: delete the store (docs/operations.md, \"Security\") instead" >&2; exit 2 ;;
    TOGETHER_PSEUDONYM_KEY)
      echo "make-secrets: $name keys the pseudonym vault for the life of the network: a new one would make every participant new, and ingest refuses it (docs/privacy.md)" >&2; exit 2 ;;
  esac
  value[$name]="$(random)"
  echo "make-secrets: new $name"
done
for name in "${names[@]}"; do
  [ -n "${value[$name]:-}" ] && continue
  value[$name]="$(random)"
  [ "$name" = TOGETHER_VIEWER_TOKEN ] && echo "make-secrets: new $name"
done
# derived, so made again on every run: the registry's own healthcheck logs in as admin
value[REGISTRY_ADMIN_BASIC]="$(printf '%s' "admin:${value[REGISTRY_ADMIN_PASSWORD]}" | base64 | tr -d '\n')"
names+=(REGISTRY_ADMIN_BASIC)

# Lines it does not make (a variable or comment added by hand) stay, after its own: a rotation must not drop them.
{
  echo "$header"
  for name in "${names[@]}"; do echo "$name=${value[$name]}"; done
  for line in "${lines[@]+"${lines[@]}"}"; do
    name="${line%%=*}"
    mine=false
    if [ "$name" != "$line" ]; then
      for n in "${names[@]}"; do [ "$n" = "$name" ] && mine=true; done
    fi
    $mine || printf '%s\n' "$line"
  done
} > "$env_file.new"
mv "$env_file.new" "$env_file"

# Files the containers read are mounted one by one as compose secrets: they must be readable by the containers'
# users (uid 1000 in the Kafka image, others in the registry's), so 0644, inside this 0700 directory.
publish() { chmod 644 "$1"; }

broker="${value[KAFKA_BROKER_PASSWORD]}"
plain="org.apache.kafka.common.security.plain.PlainLoginModule required username=\"broker\" password=\"$broker\" user_broker=\"$broker\";"
cat > "$dir/kafka-jaas.conf" <<EOF
// The brokers' SASL logins, one section per listener (docs/operations.md, "Security"). Made by docker/make-secrets.sh.
// BROKER and CONTROLLER: the brokers' own principal User:broker with PLAIN, whose credentials need no metadata.
broker.KafkaServer {
  $plain
};
controller.KafkaServer {
  $plain
};
// INTERNAL (the services) and EXTERNAL (clients off the host, over TLS): SCRAM-SHA-512 users made by kafka-init.
internal.KafkaServer {
  org.apache.kafka.common.security.scram.ScramLoginModule required;
};
external.KafkaServer {
  org.apache.kafka.common.security.scram.ScramLoginModule required;
};
EOF
publish "$dir/kafka-jaas.conf"

cat > "$dir/broker-client.properties" <<EOF
# The brokers' own principal as a client of the BROKER listener (kafka-init, the brokers' healthcheck)
security.protocol=SASL_PLAINTEXT
sasl.mechanism=PLAIN
sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required username="broker" password="$broker";
EOF
publish "$dir/broker-client.properties"

cat > "$dir/registry-jaas.conf" <<EOF
SchemaRegistry {
  org.eclipse.jetty.security.jaas.spi.PropertyFileLoginModule required
  file="/run/secrets/registry-users"
  debug="false";
};
EOF
publish "$dir/registry-jaas.conf"

cat > "$dir/registry-users.properties" <<EOF
admin: ${value[REGISTRY_ADMIN_PASSWORD]},admin
ingest: ${value[REGISTRY_INGEST_PASSWORD]},user
aggregation: ${value[REGISTRY_AGGREGATION_PASSWORD]},user
EOF
publish "$dir/registry-users.properties"

# Certificates for the EXTERNAL listener: a private CA, the brokers' key signed by it, the CA as clients' trust.
ca_pw="${value[KAFKA_CA_PASSWORD]}"
ks_pw="${value[KAFKA_KEYSTORE_PASSWORD]}"
ts_pw="${value[KAFKA_TRUSTSTORE_PASSWORD]}"
if [ ! -f "$dir/ca.p12" ]; then
  kt -genkeypair -noprompt -alias ca -keyalg EC -groupname secp384r1 -validity 3650 \
    -dname "CN=TOGETHER Kafka CA" -ext bc:c -ext KeyUsage=keyCertSign,cRLSign \
    -keystore "$dir/ca.p12" -storetype PKCS12 -storepass "$ca_pw" >/dev/null 2>&1
  rm -f "$dir/ca.crt" "$dir/kafka.truststore.p12" "$dir/kafka.keystore.p12"
  echo "make-secrets: new certificate authority in $dir/ca.p12"
fi
if [ ! -f "$dir/ca.crt" ]; then
  kt -exportcert -rfc -alias ca -keystore "$dir/ca.p12" -storepass "$ca_pw" -file "$dir/ca.crt" >/dev/null 2>&1
  chmod 644 "$dir/ca.crt"
fi
if [ ! -f "$dir/kafka.truststore.p12" ]; then
  kt -importcert -noprompt -alias ca -file "$dir/ca.crt" \
    -keystore "$dir/kafka.truststore.p12" -storetype PKCS12 -storepass "$ts_pw" >/dev/null 2>&1
  chmod 644 "$dir/kafka.truststore.p12"
fi
if [ ! -f "$dir/kafka.keystore.p12" ]; then
  san="DNS:localhost,IP:127.0.0.1,DNS:kafka,DNS:kafka-2,DNS:kafka-3"
  for host in "${hosts[@]+"${hosts[@]}"}"; do san="$san,DNS:$host"; done
  work="$(mktemp -d)"
  trap 'rm -rf "$work"' EXIT
  kt -genkeypair -noprompt -alias kafka -keyalg EC -groupname secp256r1 -validity 825 -dname "CN=kafka" \
    -keystore "$work/kafka.p12" -storetype PKCS12 -storepass "$ks_pw" >/dev/null 2>&1
  kt -certreq -alias kafka -keystore "$work/kafka.p12" -storepass "$ks_pw" -file "$work/kafka.csr" >/dev/null 2>&1
  kt -gencert -rfc -alias ca -keystore "$dir/ca.p12" -storepass "$ca_pw" -validity 825 \
    -ext "SAN=$san" -ext KeyUsage:critical=digitalSignature -ext ExtendedKeyUsage=serverAuth \
    -infile "$work/kafka.csr" -outfile "$work/kafka.crt" >/dev/null 2>&1
  kt -importcert -noprompt -alias ca -file "$dir/ca.crt" -keystore "$work/kafka.p12" -storepass "$ks_pw" >/dev/null 2>&1
  kt -importcert -noprompt -alias kafka -file "$work/kafka.crt" -keystore "$work/kafka.p12" -storepass "$ks_pw" >/dev/null 2>&1
  mv "$work/kafka.p12" "$dir/kafka.keystore.p12"
  publish "$dir/kafka.keystore.p12"
  echo "make-secrets: broker certificate for $san"
fi

echo "make-secrets: $dir is ready; start with: docker compose --env-file $env_file up -d"
