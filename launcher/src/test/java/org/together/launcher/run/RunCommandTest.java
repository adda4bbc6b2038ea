package org.together.launcher.run;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.together.embedded.kafka.FreePorts;
import org.together.launcher.KeptSecret;
import org.together.launcher.Together;
import org.together.schemas.Topics;
import picocli.CommandLine;

/**
 * {@code together run} in this JVM on free ports and a temporary data dir, then the client commands
 * (import, simulate, snapshot) against it through their command lines, then a clean stop and a restart.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RunCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @TempDir
    static Path temp;

    private Path dataDir;
    private String[] runArgs;
    private RunningStack stack;
    private String adminToken;

    @BeforeAll
    void startTheStackLikeTheCommandLineDoes() {
        dataDir = temp.resolve("data");
        runArgs = new String[] {"run", "--data-dir", dataDir.toString(),
                "--kafka-port", String.valueOf(FreePorts.pick()), "--controller-port", String.valueOf(FreePorts.pick()),
                "--registry-port", String.valueOf(FreePorts.pick()), "--ingest-port", String.valueOf(FreePorts.pick()),
                "--query-port", String.valueOf(FreePorts.pick())};
        // the network's export licence, as the coordination team sets it: the HTTP export names it (Order 6)
        StackSettings settings = runSettings(Map.of("TOGETHER_EXPORT_LICENSE", "CC-BY-SA-4.0"));
        assertThat(settings.adminToken().origin()).isEqualTo(KeptSecret.Origin.CREATED);
        adminToken = settings.adminToken().value();
        stack = RunningStack.start(settings);
        org.together.launcher.AdminToken.shown(settings.adminToken(), dataDir); // as run does once its banner showed it
    }

    @AfterAll
    void stop() {
        if (stack != null) {
            stack.close();
        }
    }

    private StackSettings runSettings() {
        return runSettings(Map.of());
    }

    private StackSettings runSettings(Map<String, String> env) {
        CommandLine.ParseResult parsed = Together.commandLine(env).parseArgs(runArgs);
        return ((RunCommand) parsed.subcommand().commandSpec().userObject()).settings();
    }

    @Test
    @Order(1)
    void everyServiceIsUpAndTheGeneratedAdminTokenIsKeptForItsOwnerOnly() throws Exception {
        assertThat(get(stack.ingestUrl() + "/health/live", null).statusCode()).isEqualTo(200);
        assertThat(get(stack.queryUrl() + "/health/live", null).statusCode()).isEqualTo(200);
        JsonNode subjects = JSON.readTree(get(stack.registryUrl() + "/subjects", null).body());
        for (var topic : Topics.eventTopics()) {
            assertThat(subjects.toString()).contains(topic.valueSubject());
        }
        Path tokenFile = dataDir.resolve("admin-token");
        assertThat(Files.readString(tokenFile).strip()).isEqualTo(adminToken);
        assertThat(Files.getPosixFilePermissions(tokenFile))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        assertThat(stack.settings().streamsStateDir()).isEqualTo(dataDir.resolve("streams"));
        // the viewer token run keeps for the dashboard: owner only, reads the figures as the viewer, opens no admin route
        Path viewerFile = dataDir.resolve("viewer-token");
        String viewer = Files.readString(viewerFile).strip();
        assertThat(viewer).isEqualTo(stack.settings().viewerToken().value()).isNotEqualTo(adminToken);
        assertThat(Files.getPosixFilePermissions(viewerFile))
                .containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        HttpResponse<String> reader = get(stack.queryUrl() + "/api/v1/reader", viewer);
        assertThat(reader.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(reader.body()).path("reader").asText()).isEqualTo("viewer");
        assertThat(get(stack.ingestUrl() + "/api/v1/territories", viewer).statusCode()).as("not an admin").isEqualTo(401);
        // the event log, the vault and the figures under it are out of other local users' reach
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir))).isEqualTo("rwx------");
    }

    @Test
    @Order(2)
    void aSecondRunOnTheSameDataDirRefusesAtOnceWithoutAnsweringOnAnyPort() throws Exception {
        List<Integer> ports = List.of(FreePorts.pick(), FreePorts.pick(), FreePorts.pick(), FreePorts.pick(), FreePorts.pick());
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
                "-Dlog4j2.configurationFile=log4j2.xml", "-cp", System.getProperty("java.class.path"),
                "org.together.launcher.Together", "run", "--data-dir", dataDir.toString(),
                "--kafka-port", ports.get(0).toString(), "--controller-port", ports.get(1).toString(),
                "--registry-port", ports.get(2).toString(), "--ingest-port", ports.get(3).toString(),
                "--query-port", ports.get(4).toString());
        Path stderr = temp.resolve("second-run.err");
        ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(temp.resolve("second-run.out").toFile())
                .redirectError(stderr.toFile());
        builder.environment().keySet().removeIf(name -> name.startsWith("TOGETHER_"));
        Process second = builder.start();
        // while it lives, knock on each of its ports
        List<Integer> answered = new java.util.concurrent.CopyOnWriteArrayList<>();
        Thread knocker = new Thread(() -> {
            while (second.isAlive()) {
                for (int port : ports) {
                    try (java.net.Socket socket = new java.net.Socket()) {
                        socket.connect(new java.net.InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
                        answered.add(port);
                    } catch (IOException refused) {
                        // nothing listens: as it should be
                    }
                }
            }
        });
        knocker.start();
        boolean exited = second.waitFor(2, java.util.concurrent.TimeUnit.MINUTES);
        if (!exited) {
            second.destroyForcibly();
        }
        knocker.join();

        assertThat(exited).as("it stops by itself").isTrue();
        String err = Files.readString(stderr);
        assertThat(second.exitValue()).as(err).isEqualTo(1);
        assertThat(err).contains("the data directory " + dataDir.toAbsolutePath().normalize()
                + " is in use by another TOGETHER stack (process " + ProcessHandle.current().pid() + "): stop it first");
        assertThat(answered).as("ports the second run answered on").isEmpty();
        assertThat(Files.readString(dataDir.resolve("stack.lock"))).as("the first keeps its lock")
                .contains("process " + ProcessHandle.current().pid());
        assertThat(Files.readString(dataDir.resolve("stack.ports"))).as("and its record of its ports")
                .contains("process=" + ProcessHandle.current().pid(), "ingest-port=" + portOf(stack.ingestUrl()));
        assertThat(get(stack.queryUrl() + "/health/ready", adminToken).statusCode()).as("the first runs on").isEqualTo(200);
    }

    @Test
    @Order(2)
    void aTerritoryRegisteredWithTheAdminTokenPostsAnEventThatIsAcceptedThenReportedDuplicate() throws Exception {
        String token = register("brussels-north");
        String event = JSON.writeValueAsString(Map.of(
                "eventId", UUID.randomUUID().toString(),
                "type", "participant.joined",
                "territoryId", "brussels-north",
                "occurredAt", Instant.now().minus(1, ChronoUnit.HOURS).truncatedTo(ChronoUnit.SECONDS).toString(),
                "participantId", "p-launcher-1",
                "role", "citizen"));

        HttpResponse<String> first = post(stack.ingestUrl() + "/api/v1/events", token, event);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
        assertThat(JSON.readTree(first.body()).at("/results/0/status").asText()).isEqualTo("accepted");

        HttpResponse<String> again = post(stack.ingestUrl() + "/api/v1/events", token, event);
        assertThat(again.statusCode()).isEqualTo(202);
        assertThat(JSON.readTree(again.body()).at("/results/0/status").asText()).isEqualTo("duplicate");
    }

    @Test
    @Order(3)
    void importSendsACsvFileAndReportsEachLineAndExitsNonZeroWhenALineIsRejected() throws Exception {
        register("kavala-import");
        String id1 = UUID.randomUUID().toString();
        String id2 = UUID.randomUUID().toString();
        Path csv = temp.resolve("history.csv");
        Files.writeString(csv, String.join("\n",
                "eventId,type,territoryId,occurredAt,participantId,role,groupId,participantsCount,method,criteria,source.app",
                // years old: the import takes history of any age
                id1 + ",participant.joined,kavala-import,2019-03-01T10:00:00Z,p-imported-1,citizen,,,,,paper-forms",
                id2 + ",wellbeing.evaluated,kavala-import,2019-03-02T18:00:00Z,,,g-1,9,spiral-criteria,"
                        + "\"[{\"\"dimension\"\":\"\"A\"\",\"\"question\"\":\"\"wellbeing\"\",\"\"count\"\":3}]\",paper-forms",
                id1 + ",participant.joined,kavala-import,2019-03-01T10:00:00Z,p-imported-1,citizen,,,,,paper-forms",
                UUID.randomUUID() + ",participant.joined,kavala-import,2019-03-03T10:00:00Z,p-imported-2,mayor,,,,,paper-forms",
                id2 + ",participant.left,kavala-import,2019-03-04T10:00:00Z,p-imported-1,,,,,,paper-forms",
                ""));

        Result result = execute("import", csv.toString(), "--ingest", stack.ingestUrl(), "--token", adminToken);

        assertThat(result.exitCode()).as(result.out() + result.err()).isEqualTo(1);
        assertThat(result.out()).contains("line 2: accepted " + id1);
        assertThat(result.out()).contains("line 3: accepted " + id2);
        assertThat(result.out()).contains("line 4: duplicate " + id1);
        assertThat(result.out()).containsPattern("line 5: rejected \\S+ - role: ");
        assertThat(result.out()).contains("line 6: conflict " + id2);
        assertThat(result.out()).contains("5 lines: 2 accepted, 1 duplicate, 1 conflict, 1 rejected");

        Path good = temp.resolve("good.jsonl");
        Files.writeString(good, "{\"eventId\":\"" + id1 + "\",\"type\":\"participant.joined\",\"territoryId\":\"kavala-import\","
                + "\"occurredAt\":\"2019-03-01T10:00:00Z\",\"participantId\":\"p-imported-1\",\"role\":\"citizen\","
                + "\"source\":{\"app\":\"paper-forms\"}}\n");
        Result again = execute("import", good.toString(), "--ingest", stack.ingestUrl(), "--token", adminToken);
        assertThat(again.exitCode()).as("a rerun is safe: only duplicates").isZero();
        assertThat(again.out()).contains("line 1: duplicate " + id1, "1 lines: 0 accepted, 1 duplicate");
    }

    @Test
    @Order(3)
    void importTakesTheReasonCodesFromCsvAndJsonLinesAndRefusesFreeTextNamingTheField() throws Exception {
        register("kavala-reasons");
        String left = UUID.randomUUID().toString();
        String freeText = UUID.randomUUID().toString();
        Path csv = temp.resolve("left.csv");
        Files.writeString(csv, String.join("\n",
                "eventId,type,territoryId,occurredAt,participantId,reason",
                left + ",participant.left,kavala-reasons,2019-05-01T10:00:00Z,p-leaving-1,no-time",
                freeText + ",participant.left,kavala-reasons,2019-05-02T10:00:00Z,p-leaving-2,\"moved to her sister's\"",
                ""));
        String json = UUID.randomUUID().toString();
        Path jsonl = temp.resolve("left.jsonl");
        Files.writeString(jsonl, "{\"eventId\":\"" + json + "\",\"type\":\"participant.left\",\"territoryId\":\"kavala-reasons\","
                + "\"occurredAt\":\"2019-05-03T10:00:00Z\",\"participantId\":\"p-leaving-3\",\"reason\":\"project-ended\"}\n");

        Result fromCsv = execute("import", csv.toString(), "--ingest", stack.ingestUrl(), "--token", adminToken);
        Result fromJson = execute("import", jsonl.toString(), "--ingest", stack.ingestUrl(), "--token", adminToken);

        assertThat(fromCsv.out()).contains("line 2: accepted " + left);
        assertThat(fromCsv.out()).containsPattern("line 3: rejected " + freeText + " - reason: must be one of .*no-time");
        assertThat(fromCsv.exitCode()).isEqualTo(1);
        assertThat(fromJson.exitCode()).as(fromJson.out() + fromJson.err()).isZero();
        assertThat(fromJson.out()).contains("line 1: accepted " + json);
    }

    @Test
    @Order(4)
    void importWithAWrongAdminTokenStopsWithExitCode3() throws Exception {
        Path file = temp.resolve("one.jsonl");
        Files.writeString(file, "{\"eventId\":\"" + UUID.randomUUID() + "\"}\n");
        Result result = execute("import", file.toString(), "--ingest", stack.ingestUrl(), "--token", "not-the-token");
        assertThat(result.exitCode()).isEqualTo(3);
        assertThat(result.err()).contains("refused the admin token (401");
    }

    @Test
    @Order(5)
    void simulatedTerritoryAppsGetEveryEventAcceptedAndARerunReusesTheTerritories() {
        String[] args = {"simulate", "--ingest", stack.ingestUrl(), "--data-dir", dataDir.toString(),
                "--territories", "6", "--history-days", "10", "--rate", "2000", "--duration", "8s", "--seed", "7"};
        Result first = execute(args);
        assertThat(first.exitCode()).as(first.out() + first.err()).isZero();
        assertThat(first.out()).containsPattern("done: .* sent [1-9]\\d* events: [1-9]\\d* accepted, \\d+ duplicate, 0 conflict, 0 rejected");

        // the same territories again: already registered (409), so the simulator rotates their tokens
        Result second = execute(args);
        assertThat(second.exitCode()).as(second.out() + second.err()).isZero();
        assertThat(second.out()).doesNotContain("problem:");
        assertThat(second.out()).containsPattern("done: .* [1-9]\\d* accepted, \\d+ duplicate, 0 conflict, 0 rejected");
    }

    @Test
    @Order(6)
    void snapshotWritesTheReportFilesFromTheRunningStack() throws Exception {
        Path out = temp.resolve("snapshot");
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        Result result = execute("snapshot", "--kafka", stack.bootstrapServers(), "--registry", stack.registryUrl(),
                "--from", today.minusDays(90).toString(), "--to", today.plusDays(1).toString(), "--out", out.toString(),
                "--format", "json,csv", "--lang", "fr");
        assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
        List<Path> written = result.out().lines().map(Path::of).toList();
        assertThat(written).isNotEmpty().allMatch(Files::isRegularFile);
        Path json = written.stream().filter(p -> p.toString().endsWith(".json")).findFirst().orElseThrow();
        assertThat(JSON.readTree(json.toFile()).toString()).contains("brussels-north");
    }

    @Test
    @Order(6)
    void exportWritesTheResearchFilesFromTheRunningStackAndServesTheSameOverHttpToTheAdminOnlyEachWithItsOwnLicence()
            throws Exception {
        Path out = temp.resolve("export");
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        String from = "2019-01-01"; // the imported history
        String to = today.toString(); // an export covers ended days only
        Result result = execute("export", "--kafka", stack.bootstrapServers(), "--registry", stack.registryUrl(),
                "--from", from, "--to", to, "--out", out.toString());
        assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
        List<Path> written = result.out().lines().map(Path::of).toList();
        assertThat(written).allMatch(Files::isRegularFile).contains(out.resolve("datapackage.json"), out.resolve("participants.csv"));
        JsonNode datapackage = JSON.readTree(out.resolve("datapackage.json").toFile());
        assertThat(datapackage.at("/period/from").asText()).isEqualTo(from);
        assertThat(datapackage.at("/disclosure/minPublishedCount").asInt()).isEqualTo(5);
        // this command's environment sets no licence (the running stack's does): none, and the description says so
        assertThat(datapackage.has("licenses")).isFalse();
        assertThat(datapackage.get("description").asText()).endsWith("(TOGETHER_EXPORT_LICENSE is not set): ask the network's "
                + "coordination team before reusing it.");
        String participants = Files.readString(out.resolve("participants.csv"));
        // kavala-import has one participant: a public figure hides it, and names it in the row's suppressed column
        // (its zeros of returning and left may be published: docs/privacy.md, participants over quarters)
        List<String> header = List.of(participants.lines().findFirst().orElseThrow().split(","));
        assertThat(participants.lines().filter(l -> l.startsWith("territory,kavala-import,"))).isNotEmpty().allSatisfy(l -> {
            List<String> cells = List.of(l.split(",", -1));
            assertThat(cells.get(header.indexOf("activeAtEnd"))).as(l).isEmpty();
            assertThat(cells.get(header.indexOf("newParticipants"))).as(l).isEmpty();
            assertThat(cells.get(header.indexOf("suppressed")).split(" ")).as(l).contains("activeAtEnd", "newParticipants");
        });
        for (Path file : written) {
            assertThat(Files.readString(file)).as(file.toString()).doesNotContain("p-launcher-1", "p-imported-1", "g-1");
        }

        String url = stack.queryUrl() + "/api/v1/exports/research?from=" + from + "&to=" + to;
        assertThat(HTTP.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.discarding()).statusCode())
                .isEqualTo(401);
        HttpResponse<byte[]> zip = HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + adminToken).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(zip.statusCode()).isEqualTo(200);
        assertThat(zip.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/zip"));
        List<String> entries = new java.util.ArrayList<>();
        JsonNode served = null;
        try (java.util.zip.ZipInputStream in = new java.util.zip.ZipInputStream(new java.io.ByteArrayInputStream(zip.body()))) {
            for (java.util.zip.ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                entries.add(e.getName());
                if (e.getName().equals("datapackage.json")) {
                    served = JSON.readTree(in.readAllBytes());
                }
            }
        }
        assertThat(entries).containsExactlyInAnyOrderElementsOf(written.stream().map(p -> p.getFileName().toString()).toList());
        // TOGETHER_EXPORT_LICENSE of run reached the query service's export
        assertThat(served.at("/licenses/0/name").asText()).isEqualTo("CC-BY-SA-4.0");
        assertThat(served.at("/licenses/0/path").asText()).isEqualTo("https://creativecommons.org/licenses/by-sa/4.0/");
        assertThat(served.get("licenses")).hasSize(1);
        assertThat(served.get("description").asText()).doesNotContain("TOGETHER_EXPORT_LICENSE");
    }

    @Test
    @Order(7)
    void stopsCleanlyAndARestartOnTheSameDataDirKeepsTheTokenAndTheTerritories() throws Exception {
        stack.close();
        // a mistyped pseudonym key: the start fails saying why, instead of waiting for an ingest that never serves
        StackSettings wrongKey = runSettings(Map.of("TOGETHER_PSEUDONYM_KEY", "not-the-key-this-data-dir-was-started-with"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> RunningStack.start(wrongKey))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageStartingWith("ingest-service does not serve: TOGETHER_PSEUDONYM_KEY does not match the key "
                        + "the pseudonym vault (topic together.pseudonyms) was written with")
                .hasMessageContaining("unset the variable to use <data-dir>/pseudonym-key");

        // a data dir made by an older version, open to everyone: the restart makes it its owner's only
        Files.setPosixFilePermissions(dataDir, PosixFilePermissions.fromString("rwxr-xr-x"));
        for (int port : List.of(portOf(stack.ingestUrl()), portOf(stack.queryUrl()), portOf(stack.registryUrl()),
                Integer.parseInt(stack.bootstrapServers().replaceAll(".*:", "")))) {
            try (ServerSocket freed = new ServerSocket(port, 1, InetAddress.getLoopbackAddress())) {
                assertThat(freed.getLocalPort()).isEqualTo(port);
            }
        }

        StackSettings again = runSettings();
        assertThat(again.adminToken().origin()).isEqualTo(KeptSecret.Origin.STORED);
        assertThat(again.adminToken().value()).isEqualTo(adminToken);
        stack = RunningStack.start(again);
        HttpResponse<String> territories = get(stack.ingestUrl() + "/api/v1/territories", adminToken);
        assertThat(territories.statusCode()).isEqualTo(200);
        assertThat(territories.body()).contains("brussels-north", "kavala-import");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(dataDir))).isEqualTo("rwx------");
    }

    /**
     * Review 11: a stack started on other ports than the defaults was found by snapshot, export and import only when
     * given the same flags again. run records its ports beside its lock; the commands use them when the user gave none.
     */
    @Test
    @Order(8)
    void snapshotExportAndImportFindTheStackOnThePortsRunRecordedWithoutBeingGivenThem() throws Exception {
        Path recorded = dataDir.resolve("stack.ports");
        java.util.Properties ports = new java.util.Properties();
        try (var in = Files.newBufferedReader(recorded)) {
            ports.load(in);
        }
        for (String option : List.of("--kafka-port", "--controller-port", "--registry-port", "--ingest-port", "--query-port")) {
            assertThat(ports.getProperty(option.substring(2))).as(option).isEqualTo(option(option));
        }
        String source = "(recorded by ./together run (process " + ProcessHandle.current().pid() + ") in " + recorded + ")";
        LocalDate today = LocalDate.now(ZoneOffset.UTC);

        Result snapshot = execute("snapshot", "--from", today.minusDays(30).toString(), "--to", today.plusDays(1).toString(),
                "--format", "json", "--data-dir", dataDir.toString(), "--out", temp.resolve("s-recorded").toString());
        assertThat(snapshot.exitCode()).as(snapshot.err()).isZero();
        assertThat(snapshot.err()).contains("reading the stack running at 127.0.0.1:" + option("--kafka-port") + " " + source);
        assertThat(JSON.readTree(Path.of(snapshot.out().strip()).toFile()).toString()).contains("brussels-north");

        Result export = execute("export", "--from", "2019-01-01", "--to", today.toString(), "--data-dir", dataDir.toString(),
                "--out", temp.resolve("e-recorded").toString());
        assertThat(export.exitCode()).as(export.err()).isZero();
        assertThat(export.err()).contains("reading the stack running at 127.0.0.1:" + option("--kafka-port") + " " + source);

        // the admin token from the data dir, the ingest API from its record: the line imported earlier, a duplicate
        Result imported = execute("import", temp.resolve("good.jsonl").toString(), "--data-dir", dataDir.toString());
        assertThat(imported.exitCode()).as(imported.out() + imported.err()).isZero();
        assertThat(imported.err()).contains("using the ingest API at " + stack.ingestUrl() + " " + source);
        assertThat(imported.out()).contains("to POST " + stack.ingestUrl() + "/api/v1/import", "1 lines: 0 accepted, 1 duplicate");

        // a record left by a killed stack names a process that is gone: not read, and said so
        Path elsewhere = Files.createDirectories(temp.resolve("killed-stack"));
        Process gone = new ProcessBuilder("true").start();
        assertThat(gone.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        Files.writeString(elsewhere.resolve("stack.ports"), "process=" + gone.pid() + "\nhost=127.0.0.1\nkafka-port="
                + option("--kafka-port") + "\nregistry-port=" + option("--registry-port") + "\ningest-port=" + option("--ingest-port") + "\n");
        Result stale = execute("snapshot", "--from", today.minusDays(30).toString(), "--to", today.plusDays(1).toString(),
                "--format", "json", "--data-dir", elsewhere.toString(), "--out", temp.resolve("s-stale").toString());
        assertThat(stale.exitCode()).as("no stack on the default port, no event log there").isEqualTo(3);
        assertThat(stale.err()).doesNotContain("reading the stack running at 127.0.0.1:" + option("--kafka-port"))
                .contains(elsewhere.resolve("stack.ports") + " is left from a stack that is no longer running, and was not read");
    }

    @Test
    @Order(9)
    void snapshotReadsTheStackRunningOnTheLocalPortsElseStartsTheEmbeddedOneOnTheDataDir() throws Exception {
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        List<String> local = List.of("snapshot", "--from", today.minusDays(30).toString(), "--to", today.plusDays(1).toString(),
                "--format", "json", "--territory", "brussels-north", "--audience", "internal", "--data-dir", dataDir.toString(),
                "--kafka-port", option("--kafka-port"), "--controller-port", option("--controller-port"),
                "--registry-port", option("--registry-port"));

        Result running = execute(concat(local, "--out", temp.resolve("s1").toString()));
        assertThat(running.exitCode()).as(running.err()).isZero();
        assertThat(running.err()).contains("reading the stack running at 127.0.0.1:" + option("--kafka-port"));

        // asked on a port where nothing answers, it must not start a second stack on the running one's data dir
        List<String> elsewhere = new java.util.ArrayList<>(local);
        elsewhere.set(elsewhere.indexOf("--kafka-port") + 1, String.valueOf(org.together.embedded.kafka.FreePorts.pick()));
        Result held = execute(concat(elsewhere, "--out", temp.resolve("s0").toString()));
        assertThat(held.exitCode()).as(held.err()).isEqualTo(3);
        assertThat(held.err()).contains("but a TOGETHER stack holds", "process " + ProcessHandle.current().pid(),
                "once it answers there, the snapshot reads it");
        assertThat(get(stack.queryUrl() + "/health/ready", adminToken).statusCode()).isEqualTo(200);

        stack.close();
        assertThat(dataDir.resolve("stack.ports")).as("removed at a clean stop").doesNotExist();
        Result stopped = execute(concat(local, "--out", temp.resolve("s2").toString()));
        assertThat(stopped.exitCode()).as(stopped.err()).isZero();
        assertThat(stopped.err()).contains("starting the embedded one on");
        for (Result result : List.of(running, stopped)) {
            JsonNode snapshot = JSON.readTree(Path.of(result.out().strip()).toFile());
            assertThat(snapshot.at("/scope/territoryId").asText()).isEqualTo("brussels-north");
            assertThat(snapshot.at("/headline/newParticipants/value").asInt()).as("the participant posted earlier").isEqualTo(1);
        }
    }

    private String option(String name) {
        return runArgs[java.util.Arrays.asList(runArgs).indexOf(name) + 1];
    }

    private static String[] concat(List<String> args, String... more) {
        return java.util.stream.Stream.concat(args.stream(), java.util.Arrays.stream(more)).toArray(String[]::new);
    }

    private record Result(int exitCode, String out, String err) {
    }

    private static Result execute(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine commandLine = Together.commandLine(new HashMap<>());
        commandLine.setOut(new PrintWriter(out, true));
        commandLine.setErr(new PrintWriter(err, true));
        int code = commandLine.execute(args);
        return new Result(code, out.toString(), err.toString());
    }

    private String register(String id) throws Exception {
        HttpResponse<String> response = post(stack.ingestUrl() + "/api/v1/territories", adminToken, JSON.writeValueAsString(Map.of(
                "id", id, "name", id, "countryCode", "BE", "kind", "neighbourhood", "lat", 50.86, "lon", 4.36)));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        return JSON.readTree(response.body()).get("token").asText();
    }

    private static HttpResponse<String> post(String url, String token, String json) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", "Bearer " + token)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static HttpResponse<String> get(String url, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).GET();
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static int portOf(String url) {
        return URI.create(url).getPort();
    }
}
