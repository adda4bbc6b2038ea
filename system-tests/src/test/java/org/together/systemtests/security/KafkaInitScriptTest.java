package org.together.systemtests.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ScramMechanism;
import org.apache.kafka.clients.admin.UserScramCredentialDeletion;
import org.apache.kafka.common.acl.AclBinding;
import org.apache.kafka.common.acl.AclBindingFilter;
import org.apache.kafka.common.utils.internals.Exit;
import org.apache.kafka.tools.AclCommand;
import org.apache.kafka.tools.ConfigCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.together.systemtests.Checkout;

/**
 * docker/kafka-init.sh, what the compose stack's kafka-init container runs, run here against the secured in-process
 * broker with the files and variables docker/make-secrets.sh makes. Its kafka-configs.sh and kafka-acls.sh calls are
 * recorded and carried out by Kafka's own ConfigCommand and AclCommand (the kafka-tools jar) in this JVM: as child
 * JVMs, a dozen of them would take a minute to start.
 */
class KafkaInitScriptTest {

    private static final Path SCRIPT = Checkout.root().resolve("docker/kafka-init.sh");
    private static final Path ACLS = Checkout.root().resolve("docker/kafka-acls.conf");

    @TempDir
    Path work;

    @Test
    void theScriptMakesTheUsersAndExactlyTheAclsOfTheDefinitionFile() throws Exception {
        SecuredKafka kafka = SecuredKafka.shared();
        try (Admin admin = kafka.brokerAdmin()) {
            admin.deleteAcls(List.of(AclBindingFilter.ANY)).all().get();
            admin.alterUserScramCredentials(List.of(new UserScramCredentialDeletion("registry", ScramMechanism.SCRAM_SHA_512))).all().get();
            awaitAcls(admin, Set.of());

            Result result = run(ACLS, kafka.secrets().variables(), kafka);
            assertThat(result.exitCode()).as(result.output()).isZero();
            assertThat(result.calls()).as("kafka-configs.sh and kafka-acls.sh runs").isNotEmpty();
            // review 18: no password on a command line (ps shows them to every process of the host)
            List<String> passwords = kafka.secrets().variables().entrySet().stream()
                    .filter(e -> e.getKey().endsWith("_PASSWORD")).map(Map.Entry::getValue).toList();
            assertThat(passwords).isNotEmpty();
            for (List<String> call : result.calls()) {
                for (String argument : call) {
                    assertThat(passwords).as("a password in the arguments of %s", call.get(0))
                            .noneMatch(argument::contains);
                }
                int file = call.indexOf("--add-config-file");
                if (file >= 0) {
                    assertThat(Files.getPosixFilePermissions(Path.of(call.get(file + 1))))
                            .isEqualTo(PosixFilePermissions.fromString("rw-------"));
                }
            }
            for (List<String> call : result.calls()) {
                runTool(call);
            }

            awaitAcls(admin, new HashSet<>(kafka.acls().bindings()));
            assertThat(admin.describeUserScramCredentials().all().get().keySet()).containsAll(kafka.acls().users());
        }
        // the credentials it set are the ones of secrets.env
        Map<String, Object> registry = new HashMap<>(kafka.client("registry"));
        registry.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers());
        try (Admin admin = Admin.create(registry)) {
            assertThat(admin.describeCluster().nodes().get(20, TimeUnit.SECONDS)).isNotEmpty();
        }
    }

    @Test
    void aMalformedLineStopsTheScriptBeforeItChangesAnythingAndNamesTheLine() throws Exception {
        for (String bad : List.of("allow ingest Write topc:together.tools", "allow ingest Write", "grant ingest Write topic:x",
                "allow stranger Read topic:together.tools", "allow ingest Write topic:together.*.x")) {
            Path file = work.resolve("acls.conf");
            Files.writeString(file, "user ingest\n\n" + bad + "\n");
            Result result = run(file, Map.of("KAFKA_INGEST_PASSWORD", "p"), null);
            assertThat(result.exitCode()).as("%s: %s", bad, result.output()).isEqualTo(1);
            assertThat(result.output()).as(bad).contains(file + ":3:");
            assertThat(result.calls()).as("%s: tools run", bad).isEmpty();
        }
    }

    @Test
    void aMissingPasswordStopsTheScriptNamingTheVariable() throws Exception {
        Result result = run(ACLS, Map.of(), null);
        assertThat(result.exitCode()).isEqualTo(1);
        assertThat(result.output()).contains("KAFKA_ADMIN_PASSWORD is not set");
        assertThat(result.calls()).isEmpty();
    }

    // ---- helpers -------------------------------------------------------------------------------

    private record Result(int exitCode, String output, List<List<String>> calls) {
    }

    /** Runs the script with recording stand-ins for the tools; {@code kafka} null: a broker it must never reach. */
    private Result run(Path acls, Map<String, String> variables, SecuredKafka kafka) throws IOException, InterruptedException {
        Path bin = Files.createDirectories(work.resolve("bin"));
        Path calls = Files.createDirectories(work.resolve("calls-" + System.nanoTime()));
        for (String tool : List.of("kafka-configs.sh", "kafka-acls.sh")) {
            // one file per call, in order: the tool's name and its arguments, NUL-separated; a file given with
            // --add-config-file is copied (mode kept), since the script removes it once the tool is done
            Path script = bin.resolve(tool);
            Files.writeString(script, "#!/usr/bin/env bash\nn=$(ls \"$RECORD\" | wc -l)\nargs=(); prev=\n"
                    + "for a in \"$@\"; do\n"
                    + "  if [ \"$prev\" = --add-config-file ]; then mkdir -p \"$RECORD.files\"; cp -p \"$a\" \"$RECORD.files/$n\";"
                    + " a=\"$RECORD.files/$n\"; fi\n"
                    + "  args+=(\"$a\"); prev=$a\n"
                    + "done\n"
                    + "printf '%s\\0' \"$(basename \"$0\")\" \"${args[@]}\" > \"$RECORD/$(printf %05d \"$n\")\"\n");
            Files.setPosixFilePermissions(script, PosixFilePermissions.fromString("rwx------"));
        }
        ProcessBuilder builder = new ProcessBuilder("bash", SCRIPT.toString()).redirectErrorStream(true);
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(name -> name.startsWith("KAFKA_"));
        env.putAll(variables);
        env.put("RECORD", calls.toString());
        env.put("KAFKA_BIN", bin.toString());
        env.put("KAFKA_ACLS", acls.toString());
        env.put("KAFKA_BOOTSTRAP", kafka == null ? "127.0.0.1:9" : kafka.brokerListener());
        env.put("KAFKA_CLIENT_CONFIG", kafka == null ? "/nonexistent" : kafka.secrets().file("broker-client.properties").toString());
        Process process = builder.start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(1, TimeUnit.MINUTES)).as("kafka-init.sh finishes").isTrue();
        List<List<String>> recorded = new ArrayList<>();
        try (Stream<Path> files = Files.list(calls)) {
            for (Path call : files.sorted().toList()) {
                String text = Files.readString(call, StandardCharsets.UTF_8);
                recorded.add(List.of(text.substring(0, text.length() - 1).split("\0", -1)));
            }
        }
        return new Result(process.exitValue(), output, recorded);
    }

    /** Does what the image's bin/kafka-configs.sh or bin/kafka-acls.sh would do with these arguments. */
    private static void runTool(List<String> call) {
        String[] args = call.subList(1, call.size()).toArray(String[]::new);
        Exit.setExitProcedure((code, message) -> {
            throw new AssertionError(call.get(0) + " " + String.join(" ", args) + " exited " + code + ": " + message);
        });
        try {
            switch (call.get(0)) {
                case "kafka-configs.sh" -> ConfigCommand.main(args);
                case "kafka-acls.sh" -> AclCommand.main(args);
                default -> throw new AssertionError("kafka-init.sh ran " + call.get(0));
            }
        } finally {
            Exit.resetExitProcedure();
        }
    }

    private static void awaitAcls(Admin admin, Set<AclBinding> expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Set<AclBinding> actual = Set.of();
        while (System.nanoTime() < deadline) {
            actual = new HashSet<>(admin.describeAcls(AclBindingFilter.ANY).values().get());
            if (actual.equals(expected)) {
                return;
            }
            Thread.sleep(100);
        }
        assertThat(actual).as("the broker's ACLs").isEqualTo(expected);
    }
}
