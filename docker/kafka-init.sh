#!/usr/bin/env bash
# The compose stack's kafka-init container (apache/kafka image): makes the SCRAM-SHA-512 users and the ACLs of
# kafka-acls.conf with Kafka's own kafka-configs.sh and kafka-acls.sh, connected as the brokers' own principal.
# It runs at every `docker compose up` and changes only what the file and the passwords say: a user's password is
# set again (so a new one in secrets.env takes effect), ACLs already there stay as they are.
#
#   KAFKA_BOOTSTRAP         the brokers' BROKER listener, e.g. kafka:19093
#   KAFKA_CLIENT_CONFIG     client properties of the brokers' principal (broker-client.properties)
#   KAFKA_ACLS              the definition (default /etc/together/kafka-acls.conf)
#   KAFKA_<USER>_PASSWORD   the password of each `user` line (upper case, - as _)
set -euo pipefail

bin="${KAFKA_BIN:-/opt/kafka/bin}"
acls="${KAFKA_ACLS:-/etc/together/kafka-acls.conf}"
bootstrap="${KAFKA_BOOTSTRAP:?KAFKA_BOOTSTRAP: the brokers BROKER listener, e.g. kafka:19093}"
config="${KAFKA_CLIENT_CONFIG:?KAFKA_CLIENT_CONFIG: the broker principal client properties}"
connection=(--bootstrap-server "$bootstrap" --command-config "$config")

fail() { echo "kafka-init: $acls:$1: $2" >&2; exit 1; }

# ACL lines are grouped by principal, operations and pattern type: one kafka-acls.sh run (one JVM) per group
declare -A resources
groups=()
users=()
number=0
while IFS= read -r line || [ -n "$line" ]; do
  number=$((number + 1))
  [[ "$line" =~ ^[[:space:]]*(#|$) ]] && continue
  read -r kind name operations resource extra <<<"$line"
  [[ "$name" =~ ^[a-z][a-z0-9-]*$ ]] || fail "$number" "'$name' is not a user name"
  case "$kind" in
    user)
      [ -z "${operations:-}" ] || fail "$number" "expected: user NAME"
      users+=("$name")
      ;;
    allow)
      [ -n "${resource:-}" ] && [ -z "${extra:-}" ] || fail "$number" "expected: allow NAME OPERATIONS RESOURCE"
      # no pipe into grep -q here: under pipefail, printf killed by SIGPIPE when grep stops early would fail the check
      [[ " ${users[*]} " == *" $name "* ]] || fail "$number" "no user line for $name above"
      type="${resource%%:*}"
      target="${resource#*:}"
      pattern=literal
      if [[ "$target" == *'*' ]]; then
        pattern=prefixed
        target="${target%\*}"
      fi
      [[ -n "$target" && "$target" != *'*'* ]] || fail "$number" "'$resource': a name with at most a trailing *"
      case "$type" in
        topic) flag=--topic ;;
        group) flag=--group ;;
        transactional-id) flag=--transactional-id ;;
        *) fail "$number" "'$resource': topic:, group: or transactional-id:" ;;
      esac
      key="$name $operations $pattern"
      if [ -z "${resources[$key]+set}" ]; then
        groups+=("$key")
        resources[$key]=""
      fi
      resources[$key]+="$flag $target "
      ;;
    *) fail "$number" "a line starts with user or allow, not '$kind'" ;;
  esac
done < "$acls"

# the passwords reach kafka-configs.sh in a file only its owner reads (--add-config-file), never as arguments, which
# every process of the host can read (ps); printf is a shell builtin, so it shows no password either
umask 077
scram_dir="$(mktemp -d)"
trap 'rm -rf "$scram_dir"' EXIT
for user in "${users[@]}"; do
  variable="KAFKA_$(tr 'a-z-' 'A-Z_' <<<"$user")_PASSWORD"
  password="${!variable:-}"
  [ -n "$password" ] || { echo "kafka-init: $variable is not set (docker/make-secrets.sh makes it)" >&2; exit 1; }
  # kafka-configs.sh's iterations=N,password=P syntax: no comma, bracket or equals sign in a password
  [[ "$password" =~ ^[A-Za-z0-9._~+/-]+$ ]] || { echo "kafka-init: $variable holds characters other than [A-Za-z0-9._~+/-]" >&2; exit 1; }
  scram="$scram_dir/$user.properties"
  printf 'SCRAM-SHA-512=iterations=8192,password=%s\n' "$password" > "$scram"
  "$bin/kafka-configs.sh" "${connection[@]}" --alter --entity-type users --entity-name "$user" \
    --add-config-file "$scram" >/dev/null
  rm -f "$scram"
  echo "kafka-init: SCRAM-SHA-512 credentials of $user set"
done

for key in "${groups[@]}"; do
  read -r name operations pattern <<<"$key"
  arguments=(--add --allow-principal "User:$name" --resource-pattern-type "$pattern")
  IFS=',' read -ra list <<<"$operations"
  for operation in "${list[@]}"; do arguments+=(--operation "$operation"); done
  read -ra targets <<<"${resources[$key]}"
  "$bin/kafka-acls.sh" "${connection[@]}" "${arguments[@]}" "${targets[@]}" >/dev/null
  echo "kafka-init: User:$name may $operations on ${resources[$key]}($pattern)"
done
echo "kafka-init: ${#users[@]} users and their ACLs applied from $acls"
