package org.together.systemtests.security;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.regex.Pattern;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramCredentialInfo;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialUpsertion;
import org.apache.kafka.common.acl.AccessControlEntry;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.acl.AclPermissionType;
import org.apache.kafka.common.resource.PatternType;
import org.apache.kafka.common.resource.ResourcePattern;
import org.apache.kafka.common.resource.ResourceType;

/**
 * docker/kafka-acls.conf read line by line as docker/kafka-init.sh reads it, and applied through Kafka's Admin API
 * as kafka-configs.sh and kafka-acls.sh apply it: SCRAM-SHA-512 users, then ACLs that allow.
 */
public record KafkaAclFile(Path file, List<String> users, List<Grant> grants) {

    /** The SCRAM iterations kafka-init.sh gives every user (Kafka's minimum for SHA-512 is 4096). */
    public static final int SCRAM_ITERATIONS = 8192;
    private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9-]*");

    /** One {@code allow} line: {@code User:principal} may do {@code operations} on {@code resource}. */
    public record Grant(int line, String principal, List<AclOperation> operations, ResourcePattern resource) {
        public List<AclBinding> bindings() {
            return operations.stream().map(op -> new AclBinding(resource,
                    new AccessControlEntry("User:" + principal, "*", op, AclPermissionType.ALLOW))).toList();
        }

        /** Whether this grant covers {@code operation} on the literal resource {@code name} of {@code type}. */
        public boolean allows(ResourceType type, String name, AclOperation operation) {
            boolean named = resource.patternType() == PatternType.PREFIXED ? name.startsWith(resource.name()) : name.equals(resource.name());
            return resource.resourceType() == type && named
                    && (operations.contains(operation) || operations.contains(AclOperation.ALL)
                    // Kafka implies Describe from Read, Write, Delete or Alter
                    || (operation == AclOperation.DESCRIBE && operations.stream().anyMatch(o ->
                            o == AclOperation.READ || o == AclOperation.WRITE || o == AclOperation.DELETE || o == AclOperation.ALTER)));
        }
    }

    public static KafkaAclFile read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        Set<String> users = new LinkedHashSet<>();
        List<Grant> grants = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            int number = i + 1;
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] words = line.split("\\s+");
            switch (words[0]) {
                case "user" -> {
                    require(words.length == 2 && NAME.matcher(words[1]).matches(), file, number, "user NAME");
                    users.add(words[1]);
                }
                case "allow" -> {
                    require(words.length == 4 && NAME.matcher(words[1]).matches(), file, number, "allow NAME OPERATIONS RESOURCE");
                    grants.add(new Grant(number, words[1], operations(words[2], file, number), resource(words[3], file, number)));
                }
                default -> throw new IllegalArgumentException(file + ":" + number + ": a line starts with user or allow, not '" + words[0] + "'");
            }
        }
        for (Grant grant : grants) {
            require(users.contains(grant.principal()), file, grant.line(), "a user line for " + grant.principal());
        }
        return new KafkaAclFile(file, List.copyOf(users), List.copyOf(grants));
    }

    public List<AclBinding> bindings() {
        return grants.stream().flatMap(g -> g.bindings().stream()).toList();
    }

    public List<Grant> grantsOf(String principal) {
        return grants.stream().filter(g -> g.principal().equals(principal)).toList();
    }

    /**
     * What the kafka-init container does, through {@code admin} (a super user): every user with its password from
     * {@code passwords}, then every ACL; returns once the broker enforces all of them.
     */
    public void apply(Admin admin, Map<String, String> passwords) {
        List<UserScramCredentialUpsertion> upserts = new ArrayList<>();
        for (String user : users) {
            String password = passwords.get(user);
            if (password == null || password.isBlank()) {
                throw new IllegalArgumentException("no password for " + user + " (KAFKA_" + user.toUpperCase(Locale.ROOT) + "_PASSWORD)");
            }
            upserts.add(new UserScramCredentialUpsertion(user, new ScramCredentialInfo(ScramMechanism.SCRAM_SHA_512, SCRAM_ITERATIONS), password));
        }
        try {
            admin.alterUserScramCredentials(List.copyOf(upserts)).all().get();
            admin.createAcls(bindings()).all().get();
            awaitEnforced(admin);
        } catch (ExecutionException e) {
            throw new IllegalStateException("applying " + file + " failed: " + e.getCause(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** ACLs and credentials reach the broker through its metadata log: wait until it lists them all. */
    private void awaitEnforced(Admin admin) throws ExecutionException, InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        Set<AclBinding> wanted = Set.copyOf(bindings());
        while (true) {
            boolean acls = admin.describeAcls(AclBindingFilter.ANY).values().get().containsAll(wanted);
            boolean credentials = admin.describeUserScramCredentials(users).all().get().size() == users.size();
            if (acls && credentials) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the broker does not list every ACL and user of " + file + " after 30 s");
            }
            Thread.sleep(50);
        }
    }

    private static List<AclOperation> operations(String names, Path file, int line) {
        List<AclOperation> operations = new ArrayList<>();
        for (String name : names.split(",")) {
            // kafka-acls.sh's names are CamelCase: DescribeConfigs is DESCRIBE_CONFIGS
            AclOperation operation = AclOperation.fromString(name.replaceAll("(?<=[a-z])(?=[A-Z])", "_"));
            require(operation != AclOperation.UNKNOWN && operation != AclOperation.ANY, file, line, "a Kafka operation, not '" + name + "'");
            operations.add(operation);
        }
        return List.copyOf(operations);
    }

    private static ResourcePattern resource(String spec, Path file, int line) {
        int colon = spec.indexOf(':');
        require(colon > 0 && colon < spec.length() - 1, file, line, "topic:NAME, group:NAME or transactional-id:NAME");
        ResourceType type = switch (spec.substring(0, colon)) {
            case "topic" -> ResourceType.TOPIC;
            case "group" -> ResourceType.GROUP;
            case "transactional-id" -> ResourceType.TRANSACTIONAL_ID;
            default -> throw new IllegalArgumentException(file + ":" + line + ": unknown resource type in '" + spec + "'");
        };
        String name = spec.substring(colon + 1);
        boolean prefixed = name.endsWith("*");
        String literal = prefixed ? name.substring(0, name.length() - 1) : name;
        require(!literal.isEmpty() && !literal.contains("*"), file, line, "a name with at most a trailing *, not '" + name + "'");
        return new ResourcePattern(type, literal, prefixed ? PatternType.PREFIXED : PatternType.LITERAL);
    }

    private static void require(boolean condition, Path file, int line, String expected) {
        if (!condition) {
            throw new IllegalArgumentException(file + ":" + line + ": expected " + expected);
        }
    }
}
