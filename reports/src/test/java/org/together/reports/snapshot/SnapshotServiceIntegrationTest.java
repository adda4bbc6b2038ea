package org.together.reports.snapshot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.zip.ZipEntry;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import java.util.zip.ZipInputStream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.together.embedded.EmbeddedStack;
import org.together.events.EventEnvelope;
import org.together.figures.disclosure.DisclosureRule;
import org.together.reference.Territory;
import org.together.reports.export.ExportLicence;
import org.together.reports.export.ExportRoutes;
import org.together.reports.replay.ReplayQueue;
import org.together.reports.replay.ReplayRequests;
import org.together.schemas.EventType;
import org.together.schemas.TogetherSerdes;
import org.together.schemas.TopicSpec;
import org.together.schemas.Topics;

/**
 * Snapshots from the real topics of the embedded broker and registry: events produced with the
 * pipeline's own serdes, replayed to the end offsets, and served over HTTP.
 */
class SnapshotServiceIntegrationTest {

    static EmbeddedStack stack;
    static TogetherSerdes serdes;
    static SnapshotService service;
    static Javalin http;
    static String alpha;
    static String beta;
    static List<SpecificRecord> events;
    static ReferenceData reference;

    @BeforeAll
    static void produceTheScenario() {
        stack = EmbeddedStack.sharedForTests();
        serdes = TogetherSerdes.forRegistryUrl(stack.registryUrl());
        // Other tests share the broker: this class's territories have their own ids.
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        alpha = "snap-alpha-" + suffix;
        beta = "snap-beta-" + suffix;
        Map<String, String> rename = Map.of("alpha", alpha, "beta", beta, "gamma", "snap-gamma-" + suffix, "delta", "snap-delta-" + suffix);
        events = new ArrayList<>();
        for (SpecificRecord e : SnapshotCalculatorTest.scenario()) {
            EventEnvelope envelope = (EventEnvelope) e.get(e.getSchema().getField("envelope").pos());
            envelope.setTerritoryId(rename.get(envelope.getTerritoryId()));
            if (envelope.getEventId().equals("dup-a8")) {
                envelope.setEventId("dup-a8-" + suffix);
            }
            events.add(e);
        }
        Territory a = Events.territory(alpha, "Alpha", "FR", "city");
        Territory b = Events.territory(beta, "Beta", "BE", "village");
        reference = new ReferenceData(Map.of(alpha, a, beta, b), SnapshotCalculatorTest.reference().tools(), Map.of());
        produce(Topics.TERRITORIES, alpha, a);
        produce(Topics.TERRITORIES, beta, b);
        SnapshotCalculatorTest.reference().tools().forEach((id, tool) -> produce(Topics.TOOLS, id, tool));
        for (SpecificRecord e : events) {
            produceEvent(e);
        }
        // A record no serde can read, in alpha's partition: skipped and counted, never fatal.
        try {
            producer.send(new ProducerRecord<>(Topics.PARTICIPANT_JOINED.name(), alpha, new byte[] {0, 0, 0, 0, 42, 1, 2})).get();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        // An event of alpha filed under another key: the live topology dead-letters it, a report leaves it out too.
        produce(Topics.PARTICIPANT_JOINED, "snap-misfiled-" + suffix, Events.joined(alpha, "a-misfiled", Events.at("2021-05-01")));
        service = new SnapshotService(stack.bootstrapServers(), serdes, Map.of());
        http = Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            SnapshotRoutes.register(c.routes, service, ctx -> ("Bearer " + ADMIN).equals(ctx.header("Authorization")),
                    DisclosureRule.DEFAULT);
            ExportRoutes.register(c.routes, service, ctx -> ("Bearer " + ADMIN).equals(ctx.header("Authorization")),
                    ctx -> ("Bearer " + ADMIN).equals(ctx.header("Authorization")), DisclosureRule.DEFAULT, Optional.of(ExportLicence.of(ExportLicence.ENVIRONMENT, "ODbL-1.0")));
        }).start("127.0.0.1", 0);
    }

    @AfterAll
    static void stopHttp() {
        if (http != null) {
            http.stop();
        }
        if (producer != null) {
            producer.close();
        }
    }

    static Properties producerProperties() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        return p;
    }

    static KafkaProducer<String, byte[]> producer;

    /** One producer for every topic: values serialized with the pipeline's serdes (schemas from the registry). */
    static synchronized <T extends SpecificRecord> void produce(TopicSpec<T> topic, String key, T value) {
        if (producer == null) {
            producer = new KafkaProducer<>(producerProperties(), new StringSerializer(), new ByteArraySerializer());
        }
        try {
            producer.send(new ProducerRecord<>(topic.name(), key, serdes.value(topic).serializer().serialize(topic.name(), value))).get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot produce to " + topic.name(), e);
        }
    }

    @SuppressWarnings("unchecked")
    static void produceEvent(SpecificRecord event) {
        EventType type = java.util.Arrays.stream(EventType.values())
                .filter(t -> t.topic().valueType().isInstance(event)).findFirst().orElseThrow();
        EventEnvelope envelope = (EventEnvelope) event.get(event.getSchema().getField("envelope").pos());
        produce((TopicSpec<SpecificRecord>) type.topic(), envelope.getTerritoryId(), event);
    }

    static Snapshot expected(String territory) {
        return SnapshotCalculator.compute(SnapshotCalculatorTest.FROM, SnapshotCalculatorTest.TO, Optional.of(territory),
                events, reference, SnapshotCalculatorTest.GENERATED);
    }

    @Test
    void aSnapshotFromTheTopicsHasTheFiguresOfTheSameEventsInMemory() {
        Snapshot fromKafka = service.compute(SnapshotCalculatorTest.FROM, SnapshotCalculatorTest.TO, Optional.of(alpha));
        assertThat(SnapshotCalculatorTest.withoutProvenance(fromKafka))
                .isEqualTo(SnapshotCalculatorTest.withoutProvenance(expected(alpha)));
        assertThat(fromKafka.headline().participantsActive()).isEqualTo(Snapshot.Count.of(6, 3));
        assertThat(fromKafka.scope().territoryName()).isEqualTo("Alpha");
        assertThat(fromKafka.provenance().duplicatesSkipped()).isEqualTo(1);
        assertThat(fromKafka.provenance().undecodableRecords()).isEqualTo(1);
        assertThat(SnapshotCalculatorTest.toolRow(fromKafka, "choices-guide").name()).isEqualTo("Guide to good choices");
    }

    @Test
    void laterEventsInTheLogLeaveAPastPeriodUnchanged() {
        Snapshot before = service.compute(SnapshotCalculatorTest.FROM, SnapshotCalculatorTest.TO, Optional.of(beta));
        assertThat(before.headline().participantsActive().value()).isEqualTo(2);
        produceEvent(Events.left(beta, "b1", Events.at("2021-08-01")));
        produceEvent(Events.joined(beta, "b3", Events.at("2021-09-01")));
        produceEvent(Events.footprint(beta, "b3", 0.9, Events.at("2021-09-02")));
        Snapshot after = service.compute(SnapshotCalculatorTest.FROM, SnapshotCalculatorTest.TO, Optional.of(beta));
        assertThat(SnapshotCalculatorTest.withoutProvenance(after)).isEqualTo(SnapshotCalculatorTest.withoutProvenance(before));
        assertThat(after.provenance().eventsAfterPeriod()).isEqualTo(before.provenance().eventsAfterPeriod() + 3);
        // the next period does see them
        Snapshot next = service.compute(SnapshotCalculatorTest.TO, LocalDate.parse("2021-10-10"), Optional.of(beta));
        assertThat(next.headline().participantsActive()).isEqualTo(Snapshot.Count.of(2, 2));
        assertThat(next.headline().newParticipants().value()).isEqualTo(1);
    }

    @Test
    void theNetworkSnapshotIncludesThisTestsTerritories() {
        Snapshot network = service.compute(SnapshotCalculatorTest.FROM, SnapshotCalculatorTest.TO, Optional.empty());
        assertThat(network.newcomers().byTerritory()).extracting(Snapshot.TerritoryRow::territoryId).contains(alpha, beta);
        assertThat(network.headline().participantsActive().value()).isGreaterThanOrEqualTo(8);
        assertThat(network.provenance().unusableEvents()).as("the misfiled event").isPositive();
    }

    @Test
    void aReportMadeAgainForTheMomentItCountedUpToHasTheSameFiguresWhateverArrivedSince() throws Exception {
        String zeta = "snap-zeta-" + UUID.randomUUID().toString().substring(0, 8);
        produceEvent(Events.joined(zeta, "z1", Events.at("2021-05-01")));
        Snapshot first = service.compute(SnapshotCalculatorTest.FROM, SnapshotCalculatorTest.TO, Optional.of(zeta));
        Instant upTo = first.provenance().receivedUpTo();
        assertThat(upTo).isNotNull().isBeforeOrEqualTo(Instant.now());

        Thread.sleep(1_100); // an offline workshop syncs a join of the period a moment later
        Instant late = Instant.now();
        produceEvent(Events.joined(Events.envelope(UUID.randomUUID().toString(), zeta, Events.at("2021-06-01"), late),
                "z-late", org.together.events.ParticipantRole.CITIZEN, null));

        Snapshot again = service.compute(SnapshotCalculatorTest.FROM, SnapshotCalculatorTest.TO, Optional.of(zeta), Optional.of(upTo));
        assertThat(SnapshotCalculatorTest.withoutProvenance(again)).isEqualTo(SnapshotCalculatorTest.withoutProvenance(first));
        assertThat(again.provenance().receivedUpTo()).isEqualTo(upTo);
        Snapshot now = service.compute(SnapshotCalculatorTest.FROM, SnapshotCalculatorTest.TO, Optional.of(zeta));
        assertThat(first.headline().newParticipants().value()).isEqualTo(1);
        assertThat(now.headline().newParticipants().value()).as("the late join counts once received").isEqualTo(2);
    }

    /**
     * Review 17, finding 2: a report made again for the moment an earlier one counted up to shows the targets as they
     * stood then (the last value of each up to that moment, a target removed since still there, one set since not
     * there), read from the targets topic up to the records stamped at or before it.
     */
    @Test
    void aReportMadeAgainForAPastMomentShowsTheTargetsAsTheyStoodThen() {
        String suffix = UUID.randomUUID().toString().substring(0, 8);
        // a territory of its own: the other tests compare alpha's report with one made without targets
        String eta = "snap-eta-" + suffix;
        produceEvent(Events.joined(eta, "e1", Events.at("2021-05-01")));
        Instant now = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        Instant set = now.minus(Duration.ofHours(3));
        Instant meeting = now.minus(Duration.ofHours(2));
        Instant changed = now.minus(Duration.ofHours(1));
        LocalDate due = LocalDate.parse("2021-12-31");
        String kept = "kept-" + suffix;
        String removed = "removed-" + suffix;
        String later = "later-" + suffix;
        produceAt(kept, new org.together.reference.Target(kept, "participantsActive", null, eta, 10L, due, set), set);
        produceAt(removed, new org.together.reference.Target(removed, "participantsEver", null, eta, 20L, due, set), set);
        produceAt(kept, new org.together.reference.Target(kept, "participantsActive", null, eta, 30L, due, changed), changed);
        produceAt(removed, null, changed);
        produceAt(later, new org.together.reference.Target(later, "participantsEver", null, eta, 40L, due, changed), changed);
        // one stamped exactly at the moment counts, as an event received then does
        String atTheMoment = "moment-" + suffix;
        produceAt(atTheMoment, new org.together.reference.Target(atTheMoment, "participantsEver", null, eta, 50L, due, meeting),
                meeting);

        Snapshot then = service.compute(SnapshotCalculatorTest.FROM, SnapshotCalculatorTest.TO, Optional.of(eta), Optional.of(meeting));
        assertThat(targetsOf(then, suffix)).containsExactlyInAnyOrder(kept + "=10", removed + "=20", atTheMoment + "=50");
        Snapshot today = service.compute(SnapshotCalculatorTest.FROM, SnapshotCalculatorTest.TO, Optional.of(eta));
        assertThat(targetsOf(today, suffix)).containsExactlyInAnyOrder(kept + "=30", later + "=40", atTheMoment + "=50");
    }

    private static List<String> targetsOf(Snapshot s, String suffix) {
        return s.meeting().targets().stream().filter(t -> t.targetId().endsWith(suffix))
                .map(t -> t.targetId() + "=" + t.value()).toList();
    }

    /** A target (or its tombstone, null) written to the targets topic with the given record timestamp. */
    private static void produceAt(String id, org.together.reference.Target target, Instant timestamp) {
        byte[] value = target == null ? null : serdes.value(Topics.TARGETS).serializer().serialize(Topics.TARGETS.name(), target);
        try {
            producer.send(new ProducerRecord<>(Topics.TARGETS.name(), null, timestamp.toEpochMilli(), id, value)).get();
        } catch (Exception e) {
            throw new IllegalStateException("cannot produce to " + Topics.TARGETS.name(), e);
        }
    }

    @Test
    void anUnknownTerritoryIsReportedAsSuch() {
        assertThatThrownBy(() -> service.compute(SnapshotCalculatorTest.FROM, SnapshotCalculatorTest.TO, Optional.of("snap-nowhere")))
                .isInstanceOf(UnknownTerritoryException.class);
    }

    // --- HTTP ---

    /** A territory's report is internal: asked for with the admin token. */
    static HttpResponse<byte[]> get(String query) throws IOException, InterruptedException {
        boolean territory = query.contains("territory=");
        return ask(territory ? query + "&audience=internal" : query, territory ? ADMIN : null);
    }

    static HttpResponse<byte[]> ask(String query, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port() + SnapshotRoutes.PATH + query));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(request.GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static final String ADMIN = "snapshot-admin-" + java.util.UUID.randomUUID();

    static String text(HttpResponse<byte[]> response) {
        return new String(response.body(), StandardCharsets.UTF_8);
    }

    @Test
    void badParametersGetA400NamingTheParameter() throws Exception {
        Map<String, String> cases = Map.of(
                "?to=2021-07-10", "\"field\":\"from\"",
                "?from=2021-04-10", "\"field\":\"to\"",
                "?from=10/04/2021&to=2021-07-10", "\"field\":\"from\"",
                "?from=2021-07-10&to=2021-04-10", "\"field\":\"to\"",
                "?from=2021-04-10&to=2021-04-10", "\"field\":\"to\"",
                "?from=2021-04-10&to=2021-07-10&format=docx", "\"field\":\"format\"",
                "?from=2021-04-10&to=2021-07-10&lang=de", "\"field\":\"lang\"",
                "?from=2021-04-10&to=2021-07-10&format=json&table=tools", "\"field\":\"table\"");
        for (Map.Entry<String, String> c : cases.entrySet()) {
            HttpResponse<byte[]> response = get(c.getKey());
            assertThat(response.statusCode()).as(c.getKey()).isEqualTo(400);
            assertThat(text(response)).as(c.getKey()).contains(c.getValue());
            assertThat(response.headers().firstValue("Content-Type")).get().asString().startsWith("application/json");
        }
        assertThat(text(get("?from=2021-04-10&to=2021-07-10&format=docx"))).contains("html, pdf, json, csv");
    }

    @Test
    void receivedUntilIsAnInstantOrA400NamingIt() throws Exception {
        HttpResponse<byte[]> bad = get("?from=2021-04-10&to=2021-07-10&format=json&receivedUntil=yesterday");
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(text(bad)).contains("\"field\":\"receivedUntil\"");

        HttpResponse<byte[]> good = get("?from=2021-04-10&to=2021-07-10&format=json&territory=" + alpha + "&receivedUntil=2021-07-01T00:00:00Z");
        assertThat(good.statusCode()).isEqualTo(200);
        Snapshot asOfJuly = JsonReport.read(good.body());
        assertThat(asOfJuly.provenance().receivedUpTo()).isEqualTo(Instant.parse("2021-07-01T00:00:00Z"));
        assertThat(asOfJuly.provenance().eventsCounted()).as("events received after 1 July 2021 are left out")
                .isLessThan(service.compute(SnapshotCalculatorTest.FROM, SnapshotCalculatorTest.TO, Optional.of(alpha)).provenance().eventsCounted());
    }

    @Test
    void anUnknownTerritoryIs404() throws Exception {
        HttpResponse<byte[]> response = get("?from=2021-04-10&to=2021-07-10&format=json&territory=snap-nowhere");
        assertThat(response.statusCode()).isEqualTo(404);
        assertThat(text(response)).contains("snap-nowhere");
    }

    @Test
    void everyFormatIsServed() throws Exception {
        String period = "?from=2021-04-10&to=2021-07-10&territory=" + alpha;
        HttpResponse<byte[]> json = get(period + "&format=json");
        assertThat(json.statusCode()).isEqualTo(200);
        assertThat(JsonReport.read(json.body()).headline().participantsActive().value()).isEqualTo(6);

        HttpResponse<byte[]> html = get(period + "&lang=fr");
        assertThat(html.statusCode()).isEqualTo(200);
        assertThat(html.headers().firstValue("Content-Type")).get().asString().startsWith("text/html");
        assertThat(text(html)).contains("Point d&#39;étape du projet").doesNotContain("http:", "https:");

        HttpResponse<byte[]> pdf = get(period + "&format=pdf&lang=en");
        assertThat(pdf.statusCode()).isEqualTo(200);
        assertThat(new String(pdf.body(), 0, 5, StandardCharsets.ISO_8859_1)).isEqualTo("%PDF-");

        HttpResponse<byte[]> tools = get(period + "&format=csv&table=tools");
        assertThat(tools.statusCode()).isEqualTo(200);
        assertThat(text(tools)).startsWith("toolId,name,period,");
        assertThat(text(get(period + "&format=csv"))).startsWith("# headline\r\n");
        assertThat(get(period + "&format=csv&table=nope").statusCode()).isEqualTo(400);
    }

    /**
     * Review 11, finding 4: a download's file name says its audience, as the command line's files do, so that an
     * internal report saved beside the public one neither replaces it nor passes for it.
     */
    @Test
    void everyDownloadNamesItsFileWithItsAudience() throws Exception {
        // every format and audience is named by SnapshotRoutes.render (SnapshotFileNamesTest): here, that its name
        // reaches the HTTP answer, public and internal, for the network and a territory
        String period = "?from=2021-04-10&to=2021-07-10";
        // the public report of a period other than whole quarters: the team's (admin) token asks for it
        HttpResponse<byte[]> pub = ask(period + "&format=csv&table=tools", ADMIN);
        assertThat(pub.statusCode()).isEqualTo(200);
        assertThat(pub.headers().firstValue("Content-Disposition")).get().asString()
                .endsWith("filename=\"snapshot-2021-04-10_2021-07-10-tools.csv\"");
        HttpResponse<byte[]> internal = ask(period + "&format=json&audience=internal", ADMIN);
        assertThat(internal.statusCode()).isEqualTo(200);
        assertThat(internal.headers().firstValue("Content-Disposition")).get().asString()
                .endsWith("filename=\"snapshot-2021-04-10_2021-07-10-internal.json\"");
        assertThat(get(period + "&format=pdf&territory=" + alpha).headers().firstValue("Content-Disposition")).get().asString()
                .endsWith("filename=\"snapshot-2021-04-10_2021-07-10-" + alpha + "-en-internal.pdf\"");
    }

    // --- research export ---

    static HttpResponse<byte[]> export(String query, String token) throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.port()
                + ExportRoutes.PATH + query));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(request.GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void theResearchExportReadFromTheLogIsAZipThatHoldsNoParticipantOrGroupIdOfItAndTheLicenceTheRoutesWereGiven() throws Exception {
        HttpResponse<byte[]> zip = export("?from=2021-01-01&to=2022-01-01", ADMIN);
        assertThat(zip.statusCode()).isEqualTo(200);
        assertThat(zip.headers().firstValue("Content-Type")).contains("application/zip");
        Map<String, String> files = new TreeMap<>();
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip.body()))) {
            for (ZipEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                files.put(e.getName(), new String(in.readAllBytes(), StandardCharsets.UTF_8));
            }
        }
        assertThat(files).containsKeys("datapackage.json", "participants.csv", "tools.csv", "wellbeing.csv",
                "wellbeing-dimensions.csv", "footprint.csv", "territories.csv");
        assertThat(files.get("participants.csv")).contains(alpha);
        // the licence given at registration (the launcher's TOGETHER_EXPORT_LICENSE) reaches the served datapackage
        JsonNode licences = new ObjectMapper().readTree(files.get("datapackage.json")).get("licenses");
        assertThat(licences).hasSize(1);
        assertThat(licences.get(0).get("name").asText()).isEqualTo("ODbL-1.0");
        assertThat(licences.get(0).get("path").asText()).isEqualTo("https://opendatacommons.org/licenses/odbl/1-0/");
        assertThat(licences.get(0).get("title").asText()).isEqualTo("Open Data Commons Open Database License v1.0");

        Set<String> ids = idsInTheLog();
        assertThat(ids).as("ids read back from the event topics").isNotEmpty();
        assertThat(files.get("territories.csv")).as("a key no event is counted under is no territory").doesNotContain("snap-misfiled");
        // the ids of this log are short ("a1"): no cell of any file is one
        files.forEach((name, text) -> text.lines().forEach(line ->
                assertThat(line.split(",")).as(name).doesNotContainAnyElementsOf(ids)));
    }

    /** Every participant and group id the event topics of the test broker hold, as written there. */
    static Set<String> idsInTheLog() {
        Set<String> ids = new HashSet<>();
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.bootstrapServers());
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(
                props, new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            for (EventType type : EventType.values()) {
                var decoder = serdes.value(type.topic()).deserializer();
                List<TopicPartition> partitions = consumer.partitionsFor(type.topic().name()).stream()
                        .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
                consumer.assign(partitions);
                consumer.seekToBeginning(partitions);
                Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
                long deadline = System.currentTimeMillis() + 30_000;
                while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp)) && System.currentTimeMillis() < deadline) {
                    for (var record : consumer.poll(Duration.ofMillis(200))) {
                        SpecificRecord event;
                        try {
                            event = decoder.deserialize(record.topic(), record.value());
                        } catch (SerializationException e) {
                            continue; // the undecodable records this class writes on purpose
                        }
                        for (String field : new String[] {"participantId", "groupId"}) {
                            if (event.getSchema().getField(field) != null && event.get(event.getSchema().getField(field).pos()) != null) {
                                ids.add(String.valueOf(event.get(event.getSchema().getField(field).pos())));
                            }
                        }
                    }
                }
            }
        }
        return ids;
    }

    /** The snapshot routes over a service of their own that replays one report at a time, on a free loopback port. */
    static Javalin routesOver(SnapshotService reports) {
        return Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            Predicate<io.javalin.http.Context> isAdmin = ctx -> ("Bearer " + ADMIN).equals(ctx.header("Authorization"));
            SnapshotRoutes.register(c.routes, reports, isAdmin, DisclosureRule.DEFAULT);
        }).start("127.0.0.1", 0);
    }

    /** Starts a replay in the public lane that holds the queue's one running place until {@code release}. */
    static void holdOneReplay(ExecutorService holder, ReplayQueue queue, CountDownLatch release) throws InterruptedException {
        holder.submit(() -> queue.run(ReplayQueue.Lane.PUBLIC, () -> {
            try {
                return release.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }));
        await(() -> queue.replays() == 1, "the held replay");
    }

    static CompletableFuture<HttpResponse<byte[]>> askAsync(Javalin at, String query, String token) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + at.port() + SnapshotRoutes.PATH + query));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().sendAsync(request.GET().build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    static void await(BooleanSupplier done, String what) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (!done.getAsBoolean()) {
            assertThat(System.nanoTime()).as("waited 20 s for %s", what).isLessThan(deadline);
            Thread.sleep(10);
        }
    }

    /**
     * Review 18, finding 6: six requests without a token, while a report replays, filled the one queue and the admin's
     * report was 503. Now the public's wait in their own lane (four; the fifth and sixth are 503 with Retry-After) and
     * the admin's is made.
     */
    @Test
    void sixRequestsWithoutATokenWaitingDoNotTurnTheAdminAway() throws Exception {
        ReplayQueue queue = new ReplayQueue(1);
        Javalin routes = routesOver(new SnapshotService(stack.bootstrapServers(), serdes, Map.of(), java.time.Clock.systemUTC(), queue));
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService holder = Executors.newSingleThreadExecutor();
        try {
            // a report replaying, held until released
            holdOneReplay(holder, queue, release);
            // six different public reports: none is kept yet, each would be a replay
            List<CompletableFuture<HttpResponse<byte[]>>> anonymous = new ArrayList<>();
            for (String query : List.of("?from=2021-04-01&to=2021-07-01&format=json", "?from=2021-04-01&to=2021-07-01&format=csv",
                    "?from=2021-04-01&to=2021-07-01&format=html", "?from=2021-04-01&to=2021-07-01&format=html&lang=fr",
                    "?from=2021-01-01&to=2021-04-01&format=json", "?from=2021-07-01&to=2021-10-01&format=json")) {
                anonymous.add(askAsync(routes, query, null));
            }
            await(() -> queue.waiting(ReplayQueue.Lane.PUBLIC) == ReplayQueue.MAX_WAITING
                    && anonymous.stream().filter(CompletableFuture::isDone).count() == 2, "four waiting, two answered");
            for (CompletableFuture<HttpResponse<byte[]>> turnedAway : anonymous.stream().filter(CompletableFuture::isDone).toList()) {
                HttpResponse<byte[]> busy = turnedAway.get();
                assertThat(busy.statusCode()).as("the fifth and sixth waiting without a token").isEqualTo(503);
                assertThat(busy.headers().firstValue("Retry-After")).contains(ReplayRequests.RETRY_WHEN_BUSY);
                assertThat(text(busy)).contains("without the team's token", "retry shortly");
            }

            CompletableFuture<HttpResponse<byte[]>> admin = askAsync(routes,
                    "?from=2021-04-01&to=2021-07-01&audience=internal&format=json", ADMIN);
            await(() -> queue.waiting(ReplayQueue.Lane.TEAM) == 1 || admin.isDone(), "the admin's report to wait");
            assertThat(admin.isDone()).as("waiting in the team's lane, not turned away").isFalse();
            release.countDown();

            HttpResponse<byte[]> made = admin.get(120, TimeUnit.SECONDS);
            assertThat(made.statusCode()).as(text(made)).isEqualTo(200);
            assertThat(JsonReport.read(made.body()).isPublic()).isFalse();
            for (CompletableFuture<HttpResponse<byte[]>> waited : anonymous) {
                assertThat(waited.get(120, TimeUnit.SECONDS).statusCode()).isIn(200, 503);
            }
            assertThat(anonymous.stream().filter(f -> f.join().statusCode() == 200).count()).as("the four that waited").isEqualTo(4);
        } finally {
            release.countDown();
            holder.shutdownNow();
            routes.stop();
        }
    }

    /**
     * A territory team asking for its own internal report with its token waits in the team's lane: anonymous requests
     * filling the public's cannot turn it away.
     */
    @Test
    void aTerritorysOwnReportWaitsInTheTeamsLaneNotBehindAnonymousRequests() throws Exception {
        ReplayQueue queue = new ReplayQueue(1);
        String alphasToken = "tgt_alpha-own-token-for-the-lane-test";
        SnapshotService service = new SnapshotService(stack.bootstrapServers(), serdes, Map.of(), java.time.Clock.systemUTC(), queue);
        Javalin routes = Javalin.create(c -> {
            c.startup.showJavalinBanner = false;
            Predicate<io.javalin.http.Context> isAdmin = ctx -> ("Bearer " + ADMIN).equals(ctx.header("Authorization"));
            SnapshotRoutes.register(c.routes, service, isAdmin, isAdmin,
                    (ctx, territory) -> territory.equals(alpha) && ("Bearer " + alphasToken).equals(ctx.header("Authorization")),
                    DisclosureRule.DEFAULT);
        }).start("127.0.0.1", 0);
        CountDownLatch release = new CountDownLatch(1);
        ExecutorService holder = Executors.newSingleThreadExecutor();
        try {
            holdOneReplay(holder, queue, release);
            List<CompletableFuture<HttpResponse<byte[]>>> anonymous = new ArrayList<>();
            for (String query : List.of("?from=2021-04-01&to=2021-07-01&format=json", "?from=2021-04-01&to=2021-07-01&format=csv",
                    "?from=2021-04-01&to=2021-07-01&format=html", "?from=2021-01-01&to=2021-04-01&format=json")) {
                anonymous.add(askAsync(routes, query, null));
            }
            await(() -> queue.waiting(ReplayQueue.Lane.PUBLIC) == ReplayQueue.MAX_WAITING, "the public's lane full");

            CompletableFuture<HttpResponse<byte[]>> own = askAsync(routes,
                    "?from=2021-04-10&to=2021-07-10&audience=internal&format=json&territory=" + alpha, alphasToken);
            await(() -> queue.waiting(ReplayQueue.Lane.TEAM) == 1 || own.isDone(), "the territory's report to wait");
            assertThat(own.isDone()).as("waiting in the team's lane, not turned away").isFalse();
            release.countDown();

            HttpResponse<byte[]> made = own.get(120, TimeUnit.SECONDS);
            assertThat(made.statusCode()).as(text(made)).isEqualTo(200);
            assertThat(JsonReport.read(made.body()).isPublic()).isFalse();
            for (CompletableFuture<HttpResponse<byte[]>> waited : anonymous) {
                waited.get(120, TimeUnit.SECONDS);
            }
        } finally {
            release.countDown();
            holder.shutdownNow();
            routes.stop();
        }
    }

    /**
     * Review 18, finding 6: every public request replayed the log. The same public report asked again without a token
     * is the answer made the first time (the same moment counted up to) and no replay; the team's is made anew.
     */
    @Test
    void theSamePublicReportAskedTwiceWithoutATokenIsReplayedOnce() throws Exception {
        ReplayQueue queue = new ReplayQueue(1);
        Javalin routes = routesOver(new SnapshotService(stack.bootstrapServers(), serdes, Map.of(), java.time.Clock.systemUTC(), queue));
        try {
            String quarter = "?from=2021-04-01&to=2021-07-01&format=json";
            HttpResponse<byte[]> first = askAsync(routes, quarter, null).get(120, TimeUnit.SECONDS);
            assertThat(first.statusCode()).as(text(first)).isEqualTo(200);
            assertThat(queue.replays()).isEqualTo(1);
            Thread.sleep(1_100); // a report made again would count up to a later second

            HttpResponse<byte[]> again = askAsync(routes, quarter, null).get(120, TimeUnit.SECONDS);
            assertThat(again.statusCode()).isEqualTo(200);
            assertThat(queue.replays()).as("kept, not replayed").isEqualTo(1);
            assertThat(again.body()).isEqualTo(first.body());
            assertThat(JsonReport.read(again.body()).provenance().receivedUpTo())
                    .isEqualTo(JsonReport.read(first.body()).provenance().receivedUpTo());
            assertThat(again.headers().firstValue("Content-Disposition")).isEqualTo(first.headers().firstValue("Content-Disposition"));

            HttpResponse<byte[]> team = askAsync(routes, quarter, ADMIN).get(120, TimeUnit.SECONDS);
            assertThat(team.statusCode()).isEqualTo(200);
            assertThat(queue.replays()).as("the team's report is made anew").isEqualTo(2);
            assertThat(JsonReport.read(team.body()).provenance().receivedUpTo())
                    .isAfter(JsonReport.read(first.body()).provenance().receivedUpTo());
        } finally {
            routes.stop();
        }
    }
}
