package org.together.systemtests.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.common.acl.AclOperation;
import org.apache.kafka.common.resource.ResourceType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.together.schemas.TopicSpec;
import org.together.schemas.Topics;
import org.together.systemtests.Checkout;

/**
 * docker/kafka-acls.conf against the pipeline's topic list ({@link Topics}): every topic has the grants its services
 * need, and no one but ingest may write an event. A topic added to the pipeline without its grants fails here,
 * before it fails in production. {@link SecuredKafkaIntegrationTest} proves the same file on a real broker.
 */
class KafkaAclFileTest {

    private static final KafkaAclFile ACLS = KafkaAclFile.read(Checkout.root().resolve("docker/kafka-acls.conf"));

    @Test
    void onlyIngestMayWriteAnEventTopicAndAggregationReadsEveryOne() {
        for (TopicSpec<?> topic : Topics.eventTopics()) {
            assertThat(writers(topic.name())).as("who may write %s", topic.name()).containsExactly("ingest");
            assertThat(allows("aggregation", ResourceType.TOPIC, topic.name(), AclOperation.READ))
                    .as("aggregation reads %s", topic.name()).isTrue();
        }
    }

    @Test
    void ingestWritesAndReadsBackEveryReferenceTopicAndNoOneElseWritesThem() {
        for (TopicSpec<?> topic : Topics.referenceTopics()) {
            assertThat(writers(topic.name())).as("who may write %s", topic.name()).containsExactly("ingest");
            assertThat(allows("ingest", ResourceType.TOPIC, topic.name(), AclOperation.READ)).as("ingest reads %s", topic.name()).isTrue();
        }
    }

    @Test
    void everyTopicOfThePipelineHasAWriterAndIngestCreatesThemAll() {
        for (TopicSpec<?> topic : Topics.all()) {
            assertThat(writers(topic.name()))
                    .as("docker/kafka-acls.conf lets nobody write %s: add an allow line for the service that writes it", topic.name())
                    .isNotEmpty();
            assertThat(allows("ingest", ResourceType.TOPIC, topic.name(), AclOperation.CREATE)).as("ingest creates %s", topic.name()).isTrue();
            assertThat(allows("aggregation", ResourceType.TOPIC, topic.name(), AclOperation.DESCRIBE))
                    .as("aggregation sees that %s exists", topic.name()).isTrue();
            assertThat(allows("aggregation", ResourceType.TOPIC, topic.name(), AclOperation.CREATE))
                    .as("aggregation creates none of the pipeline's topics").isFalse();
        }
        assertThat(writers(Topics.DEAD_LETTERS.name())).containsExactly("aggregation");
        assertThat(writers(Topics.EVENT_CLAIMS.name())).containsExactly("ingest");
    }

    @Test
    void receiptsClaimsAndPseudonymsAreReadByIngestOnlyAndTokenHashesByTheTwoServices() {
        for (String topic : List.of(Topics.EVENT_RECEIPTS.name(), Topics.EVENT_CLAIMS.name(), Topics.PSEUDONYMS.name())) {
            assertThat(ACLS.users().stream().filter(u -> allows(u, ResourceType.TOPIC, topic, AclOperation.READ)))
                    .as("who may read %s", topic).containsExactly("ingest");
        }
        // aggregation checks a territory's own token on that territory's figures
        assertThat(ACLS.users().stream().filter(u -> allows(u, ResourceType.TOPIC, Topics.TERRITORY_CREDENTIALS.name(), AclOperation.READ)))
                .containsExactlyInAnyOrder("ingest", "aggregation");
        assertThat(allows("aggregation", ResourceType.TOPIC, Topics.TERRITORY_CREDENTIALS.name(), AclOperation.WRITE)).isFalse();
        assertThat(allows("ingest", ResourceType.TOPIC, Topics.PSEUDONYMS.name(), AclOperation.DESCRIBE_CONFIGS))
                .as("the vault checks the compaction settings behind its erasure promise").isTrue();
    }

    @Test
    void aggregationOwnsItsApplicationUnderAnyApplicationIdOfTheDeployment() {
        for (String applicationId : List.of("together-aggregation", "together-aggregation-v2")) {
            String changelog = applicationId + "-territory-figures-changelog";
            for (AclOperation operation : List.of(AclOperation.CREATE, AclOperation.READ, AclOperation.WRITE, AclOperation.DELETE)) {
                assertThat(allows("aggregation", ResourceType.TOPIC, changelog, operation)).as("%s on %s", operation, changelog).isTrue();
            }
            assertThat(allows("aggregation", ResourceType.GROUP, applicationId, AclOperation.READ)).isTrue();
            assertThat(allows("aggregation", ResourceType.TRANSACTIONAL_ID, applicationId + "-" + UUID.randomUUID() + "-1",
                    AclOperation.WRITE)).isTrue();
            assertThat(allows("ingest", ResourceType.TOPIC, changelog, AclOperation.WRITE)).as("ingest writes %s", changelog).isFalse();
        }
        assertThat(allows("ingest", ResourceType.TRANSACTIONAL_ID, "together-ingest-" + UUID.randomUUID() + "-0", AclOperation.WRITE)).isTrue();
        assertThat(allows("ingest", ResourceType.TRANSACTIONAL_ID, "together-aggregation-x", AclOperation.WRITE)).isFalse();
    }

    @Test
    void theRegistryOwnsSchemasAndNothingOfThePipeline() {
        assertThat(writers("_schemas")).containsExactly("registry");
        assertThat(allows("registry", ResourceType.GROUP, "schema-registry", AclOperation.READ)).isTrue();
        for (TopicSpec<?> topic : Topics.all()) {
            assertThat(allows("registry", ResourceType.TOPIC, topic.name(), AclOperation.DESCRIBE)).as(topic.name()).isFalse();
        }
    }

    @Test
    void aMalformedLineIsRefusedNamingTheLine(@TempDir Path dir) throws Exception {
        for (String bad : List.of("allow ingest Wrte topic:x", "allow ingest Write topc:x", "allow ingest Write", "allow ingest Write topic:",
                "allow ingest Write topic:*", "allow ingest Write topic:a*b", "grant ingest Write topic:x", "allow stranger Read topic:x",
                "user Ingest")) {
            Path file = dir.resolve("acls.conf");
            Files.writeString(file, "user ingest\n# grants\n" + bad + "\n");
            assertThatThrownBy(() -> KafkaAclFile.read(file)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining(file + ":3:");
        }
    }

    private static List<String> writers(String topic) {
        return ACLS.users().stream().filter(u -> allows(u, ResourceType.TOPIC, topic, AclOperation.WRITE)).toList();
    }

    private static boolean allows(String principal, ResourceType type, String name, AclOperation operation) {
        return ACLS.grantsOf(principal).stream().anyMatch(g -> g.allows(type, name, operation));
    }
}
