package org.together.schemas;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.together.events.ApproachEvaluated;
import org.together.events.FootprintAssessed;
import org.together.events.ParticipantJoined;
import org.together.events.ParticipantLeft;
import org.together.events.ToolUsed;
import org.together.events.WellbeingEvaluated;
import org.together.reference.EventReceipt;
import org.together.reference.PseudonymClaim;
import org.together.reference.SpiralDimension;
import org.together.reference.Target;
import org.together.reference.Territory;
import org.together.reference.TerritoryCredential;
import org.together.reference.Tool;

import static org.together.schemas.TopicSpec.Cleanup.COMPACT;
import static org.together.schemas.TopicSpec.Cleanup.COMPACT_ERASABLE;
import static org.together.schemas.TopicSpec.Cleanup.DELETE_AFTER_30_DAYS;
import static org.together.schemas.TopicSpec.Cleanup.DELETE_AFTER_7_DAYS;
import static org.together.schemas.TopicSpec.Cleanup.KEEP_FOREVER;

/** Every topic of the pipeline, in one place. Event topics are keyed by territoryId. */
public final class Topics {

    /** Partitions of each event topic: the unit of parallelism of aggregation-streams. */
    public static final int EVENT_PARTITIONS = 8;

    public static final TopicSpec<ParticipantJoined> PARTICIPANT_JOINED =
            new TopicSpec<>("together.participant-joined", EVENT_PARTITIONS, KEEP_FOREVER, ParticipantJoined.class);
    public static final TopicSpec<ParticipantLeft> PARTICIPANT_LEFT =
            new TopicSpec<>("together.participant-left", EVENT_PARTITIONS, KEEP_FOREVER, ParticipantLeft.class);
    public static final TopicSpec<ToolUsed> TOOL_USED =
            new TopicSpec<>("together.tool-used", EVENT_PARTITIONS, KEEP_FOREVER, ToolUsed.class);
    public static final TopicSpec<WellbeingEvaluated> WELLBEING_EVALUATED =
            new TopicSpec<>("together.wellbeing-evaluated", EVENT_PARTITIONS, KEEP_FOREVER, WellbeingEvaluated.class);
    public static final TopicSpec<FootprintAssessed> FOOTPRINT_ASSESSED =
            new TopicSpec<>("together.footprint-assessed", EVENT_PARTITIONS, KEEP_FOREVER, FootprintAssessed.class);
    public static final TopicSpec<ApproachEvaluated> APPROACH_EVALUATED =
            new TopicSpec<>("together.approach-evaluated", EVENT_PARTITIONS, KEEP_FOREVER, ApproachEvaluated.class);

    /** Registered territories, keyed by territory id. */
    public static final TopicSpec<Territory> TERRITORIES =
            new TopicSpec<>("together.territories", 1, COMPACT, Territory.class);
    /** The tool catalogue, keyed by tool id. */
    public static final TopicSpec<Tool> TOOLS =
            new TopicSpec<>("together.tools", 1, COMPACT, Tool.class);
    /** SPIRAL dimensions and components, keyed by dimension code. */
    public static final TopicSpec<SpiralDimension> SPIRAL_DIMENSIONS =
            new TopicSpec<>("together.spiral-dimensions", 1, COMPACT, SpiralDimension.class);
    /** The meeting's targets, keyed by target id; a tombstone removes one. */
    public static final TopicSpec<Target> TARGETS =
            new TopicSpec<>("together.targets", 1, COMPACT, Target.class);
    /** Territory token hashes, keyed by territory id; a tombstone or revoked flag ends a token. */
    public static final TopicSpec<TerritoryCredential> TERRITORY_CREDENTIALS =
            new TopicSpec<>("together.territory-credentials", 1, COMPACT, TerritoryCredential.class);
    /** One receipt per accepted eventId: what makes a resend a duplicate, across restarts and instances. */
    public static final TopicSpec<EventReceipt> EVENT_RECEIPTS =
            new TopicSpec<>("together.event-receipts", EVENT_PARTITIONS, COMPACT, EventReceipt.class);
    /**
     * Claims of new eventIds, each in the partition of its id: the first claim of an id decides which content two
     * instances receiving it at once may write. Raw values, no key: ids with the first 16 bytes of the SHA-256 of the
     * content claimed as stored (no participant id, pseudonym or content); kept 7 days, since once an id's receipt is
     * written the receipts decide.
     */
    public static final TopicSpec<byte[]> EVENT_CLAIMS =
            new TopicSpec<>("together.event-claims", EVENT_PARTITIONS, DELETE_AFTER_7_DAYS, byte[].class);
    /**
     * The pseudonym vault: which pseudonym stands for which participant of which territory, keyed by a keyed hash
     * of the two (never the participant id) and a claim id. Erasing a participant tombstones its claims.
     */
    public static final TopicSpec<PseudonymClaim> PSEUDONYMS =
            new TopicSpec<>("together.pseudonyms", EVENT_PARTITIONS, COMPACT_ERASABLE, PseudonymClaim.class);
    /** Records that could not be decoded, with the reason in headers; values are the raw bytes. */
    public static final TopicSpec<byte[]> DEAD_LETTERS =
            new TopicSpec<>("together.dead-letters", 1, DELETE_AFTER_30_DAYS, byte[].class);

    static {
        // Avro 1.12 refuses untrusted classes named in schemas; every user of the topics needs ours trusted.
        org.together.schemas.serde.GeneratedClassTrust.install();
    }

    private Topics() {
    }

    public static List<TopicSpec<?>> eventTopics() {
        return List.of(PARTICIPANT_JOINED, PARTICIPANT_LEFT, TOOL_USED, WELLBEING_EVALUATED, FOOTPRINT_ASSESSED, APPROACH_EVALUATED);
    }

    public static List<TopicSpec<?>> referenceTopics() {
        return List.of(TERRITORIES, TOOLS, SPIRAL_DIMENSIONS, TERRITORY_CREDENTIALS, EVENT_RECEIPTS, PSEUDONYMS, TARGETS);
    }

    public static List<TopicSpec<?>> all() {
        // the two raw topics: ingest's eventId claims and the dead letters
        return java.util.stream.Stream.of(eventTopics(), referenceTopics(), List.<TopicSpec<?>>of(EVENT_CLAIMS, DEAD_LETTERS))
                .flatMap(List::stream).toList();
    }

    /**
     * Creates the topics that do not exist yet. Idempotent, safe to call from every instance at start.
     * Topics are always pre-created: producing right after auto-creation loses records (KAFKA-15591).
     */
    public static void ensureCreated(Admin admin, short replicationFactor, Optional<Integer> minInsyncReplicas) {
        try {
            Set<String> existing = admin.listTopics().names().get();
            List<NewTopic> missing = all().stream()
                    .filter(t -> !existing.contains(t.name()))
                    .map(t -> t.newTopic(replicationFactor, minInsyncReplicas))
                    .collect(Collectors.toList());
            if (missing.isEmpty()) {
                return;
            }
            admin.createTopics(missing).values().forEach((name, future) -> {
                try {
                    future.get();
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw new IllegalStateException("cannot create topic " + name + ": " + e.getCause().getMessage(), e.getCause());
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException("interrupted creating topic " + name, e);
                }
            });
        } catch (ExecutionException e) {
            throw new IllegalStateException("cannot list topics: " + e.getCause().getMessage(), e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted listing topics", e);
        }
    }
}
