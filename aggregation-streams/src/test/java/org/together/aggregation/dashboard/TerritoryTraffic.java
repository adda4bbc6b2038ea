package org.together.aggregation.dashboard;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Random;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.together.events.EvaluationMethod;
import org.together.events.ApproachEvaluated;
import org.together.events.ApproachEvidence;
import org.together.events.ApproachKind;
import org.together.events.ApproachSubject;
import org.together.events.EventEnvelope;
import org.together.events.FootprintBreakdown;
import org.together.events.FootprintAssessed;
import org.together.events.ParticipantJoined;
import org.together.events.ParticipantLeft;
import org.together.events.ParticipantRole;
import org.together.events.SpiralCriterion;
import org.together.events.SpiralQuestion;
import org.together.events.ToolStage;
import org.together.events.ToolUsed;
import org.together.events.WellbeingEvaluated;
import org.together.reference.Target;
import org.together.reference.Territory;
import org.together.schemas.TogetherSerdes;
import org.together.schemas.TopicSpec;
import org.together.schemas.Topics;

/**
 * Writes territory events straight to the pipeline's topics in the Confluent wire format, as the
 * ingest service would, so the dashboard test drives the real topology and query API.
 */
public final class TerritoryTraffic implements AutoCloseable {

    private static final String[] TOOLS = {
        "wellbeing-workshop", "footprint-calculator", "choices-guide", "co-evaluation-grid", "action-plan"};

    private final TogetherSerdes serdes;
    private final KafkaProducer<String, byte[]> producer;
    private final Random random = new Random(2021_07_10L);

    public TerritoryTraffic(String bootstrapServers, String registryUrl) {
        this.serdes = TogetherSerdes.forRegistryUrl(registryUrl);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    private <T extends SpecificRecord> void send(TopicSpec<T> topic, String key, T value) {
        byte[] bytes = serdes.value(topic).serializer().serialize(topic.name(), value);
        producer.send(new ProducerRecord<>(topic.name(), key, bytes));
    }

    /** Waits until Kafka acknowledged everything sent so far. */
    public void flush() {
        producer.flush();
    }

    public void territory(String id, String name, String countryCode, String kind, double lat, double lon) {
        send(Topics.TERRITORIES, id, Territory.newBuilder().setId(id).setName(name).setCountryCode(countryCode).setKind(kind)
                .setPopulation(null).setLat(lat).setLon(lon).setRegisteredAt(Instant.now().minus(Duration.ofDays(120))).build());
    }

    /** A territory's token as ingest stores it: its hex SHA-256 ({@code revoked}: it opens nothing any more). */
    public void credential(String territoryId, String token, boolean revoked) {
        send(Topics.TERRITORY_CREDENTIALS, territoryId, org.together.reference.TerritoryCredential.newBuilder()
                .setTerritoryId(territoryId).setTokenHash(org.together.http.Digests.sha256Hex(token)).setIssuedAt(Instant.now())
                .setRevoked(revoked).build());
    }

    private static EventEnvelope envelope(String territoryId, Instant at) {
        return EventEnvelope.newBuilder().setEventId(UUID.randomUUID().toString()).setTerritoryId(territoryId)
                .setOccurredAt(at).setReceivedAt(Instant.now()).setSource(null).build();
    }

    public void joined(String territoryId, String participantId, Instant at) {
        send(Topics.PARTICIPANT_JOINED, territoryId, ParticipantJoined.newBuilder().setEnvelope(envelope(territoryId, at))
                .setParticipantId(participantId).setRole(ParticipantRole.CITIZEN).setGroupId(null).setChannel(null).build());
    }

    void left(String territoryId, String participantId, Instant at) {
        send(Topics.PARTICIPANT_LEFT, territoryId, ParticipantLeft.newBuilder().setEnvelope(envelope(territoryId, at))
                .setParticipantId(participantId).setReason(null).build());
    }

    public void toolUsed(String territoryId, String participantId, String toolId, ToolStage stage, Integer rating, Instant at) {
        send(Topics.TOOL_USED, territoryId, ToolUsed.newBuilder().setEnvelope(envelope(territoryId, at)).setToolId(toolId)
                .setStage(stage).setParticipantId(participantId).setGroupId(null).setRating(rating).setDurationMinutes(null).build());
    }

    void criteria(String territoryId, String groupId, int citizens, List<SpiralCriterion> criteria, Instant at) {
        send(Topics.WELLBEING_EVALUATED, territoryId, WellbeingEvaluated.newBuilder().setEnvelope(envelope(territoryId, at))
                .setGroupId(groupId).setParticipantsCount(citizens).setMethod(EvaluationMethod.SPIRAL_CRITERIA)
                .setCriteria(criteria).setScores(Map.of()).build());
    }

    void coEvaluation(String territoryId, String groupId, int citizens, Map<String, Integer> scores, Instant at) {
        send(Topics.WELLBEING_EVALUATED, territoryId, WellbeingEvaluated.newBuilder().setEnvelope(envelope(territoryId, at))
                .setGroupId(groupId).setParticipantsCount(citizens).setMethod(EvaluationMethod.CO_EVALUATION)
                .setCriteria(List.of()).setScores(scores).build());
    }

    void footprint(String territoryId, String participantId, double tonnes, Instant at) {
        send(Topics.FOOTPRINT_ASSESSED, territoryId, FootprintAssessed.newBuilder().setEnvelope(envelope(territoryId, at))
                .setParticipantId(participantId).setGroupId(null).setTonnesCo2ePerYear(tonnes).setBreakdown(null).build());
    }

    /** An Annex 1 evaluation of one of the territory's approaches. */
    public void approachEvaluated(String territoryId, String approachId, ApproachKind kind, Map<String, Integer> efficiency,
                           Map<String, Integer> wellbeing, List<String> keyElements, Double tonnes, Instant at) {
        send(Topics.APPROACH_EVALUATED, territoryId, ApproachEvaluated.newBuilder().setEnvelope(envelope(territoryId, at))
                .setApproachId(approachId).setApproachKind(kind).setSubject(ApproachSubject.APPROACH).setGroupId(null)
                .setResourceEfficiency(efficiency).setImmaterialWellbeing(wellbeing).setKeyElements(keyElements)
                .setEvidence(ApproachEvidence.SURVEY).setTonnesCo2eAvoidedPerYear(tonnes).build());
    }

    /** A footprint with its breakdown by domain. */
    public void footprint(String territoryId, String participantId, FootprintBreakdown breakdown, Instant at) {
        double total = breakdown.getFood() + breakdown.getHousing() + breakdown.getMobility() + breakdown.getGoods()
                + breakdown.getPublicServices();
        send(Topics.FOOTPRINT_ASSESSED, territoryId, FootprintAssessed.newBuilder().setEnvelope(envelope(territoryId, at))
                .setParticipantId(participantId).setGroupId(null).setTonnesCo2ePerYear(total).setBreakdown(breakdown).build());
    }

    /** A target of the meeting, as ingest writes it (null: removed). */
    public void target(String targetId, Target target) {
        send(Topics.TARGETS, targetId, target);
    }

    /**
     * A territory's life over the last ten weeks: {@code participants} joins spread over the weeks
     * (none in the current week, so "new this week" moves only when the test says so), tool uptake,
     * a few well-being evaluations and footprint assessments.
     *
     * @return the participant ids, in joining order
     */
    public List<String> history(String territoryId, int participants, double typicalTonnes, Instant now) {
        List<String> ids = new ArrayList<>();
        Instant currentWeekStart = startOfIsoWeek(now);
        for (int i = 0; i < participants; i++) {
            String participant = territoryId + "-p" + i;
            ids.add(participant);
            // Spread over the nine complete weeks before this one, more towards recent weeks.
            long weeksBack = 1 + (long) Math.floor(9 * Math.pow(random.nextDouble(), 1.6));
            Instant joinedAt = currentWeekStart.minus(Duration.ofDays(7 * weeksBack)).plus(Duration.ofHours(1 + random.nextInt(160)));
            joined(territoryId, participant, joinedAt);
            for (int t = 0; t < TOOLS.length; t++) {
                if (random.nextDouble() < 0.85 - 0.15 * t) {
                    Instant at = joinedAt.plus(Duration.ofHours(2 + t));
                    toolUsed(territoryId, participant, TOOLS[t], ToolStage.DISCOVERED, null, at);
                    if (random.nextDouble() < 0.8) {
                        toolUsed(territoryId, participant, TOOLS[t], ToolStage.STARTED, null, at.plus(Duration.ofMinutes(10)));
                        if (random.nextDouble() < 0.75 - 0.1 * t) {
                            toolUsed(territoryId, participant, TOOLS[t], ToolStage.COMPLETED, 3 + random.nextInt(3),
                                    at.plus(Duration.ofMinutes(50)));
                        }
                    }
                }
            }
            if (random.nextDouble() < 0.6) {
                footprint(territoryId, participant, Math.max(0.8, typicalTonnes + random.nextGaussian() * 1.8), joinedAt.plus(Duration.ofHours(5)));
            }
        }
        String[] dimensions = {"A", "B", "C", "D", "E", "F", "G", "H", "I"};
        for (int g = 0; g < 2; g++) {
            List<SpiralCriterion> notes = new ArrayList<>();
            for (String d : dimensions) {
                for (SpiralQuestion q : SpiralQuestion.values()) {
                    int count = random.nextInt(5);
                    if (count > 0) {
                        notes.add(SpiralCriterion.newBuilder().setDimension(d).setComponent(null).setQuestion(q).setCount(count).build());
                    }
                }
            }
            criteria(territoryId, territoryId + "-g" + g, 7 + random.nextInt(6), notes, currentWeekStart.minus(Duration.ofDays(10 + 20L * g)));
        }
        Map<String, Integer> scores = new java.util.TreeMap<>();
        for (String d : dimensions) {
            scores.put(d, 2 + random.nextInt(4));
        }
        coEvaluation(territoryId, territoryId + "-g0", 9, scores, currentWeekStart.minus(Duration.ofDays(3)));
        return ids;
    }

    static Instant startOfIsoWeek(Instant now) {
        java.time.LocalDate day = java.time.LocalDate.ofInstant(now, java.time.ZoneOffset.UTC);
        return day.minusDays(day.getDayOfWeek().getValue() - 1L).atStartOfDay(java.time.ZoneOffset.UTC).toInstant();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
