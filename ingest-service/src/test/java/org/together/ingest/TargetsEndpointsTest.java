package org.together.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.together.ingest.IngestTestSupport.ADMIN_TOKEN;
import static org.together.ingest.IngestTestSupport.JSON;
import static org.together.ingest.IngestTestSupport.newTerritory;
import static org.together.ingest.IngestTestSupport.putJson;
import static org.together.ingest.IngestTestSupport.readCommitted;
import static org.together.ingest.IngestTestSupport.send;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.together.reference.Target;
import org.together.schemas.Topics;

/** The meeting sets targets over HTTP; they are kept in the compacted targets topic. */
class TargetsEndpointsTest {

    private static int port;
    private static final LocalDate NEXT_YEAR = LocalDate.now(ZoneOffset.UTC).plusYears(1);

    @BeforeAll
    static void startService() {
        port = IngestTestSupport.port();
    }

    private static String targetId() {
        return "target-" + UUID.randomUUID().toString().substring(0, 8);
    }

    private static ObjectNode target(String metric, int value, LocalDate due) {
        return JSON.createObjectNode().put("metric", metric).put("value", value).put("due", due.toString());
    }

    private static List<ConsumerRecord<String, Target>> written(String id) {
        return readCommitted(Topics.TARGETS).stream().filter(r -> r.key().equals(id)).toList();
    }

    @Test
    void aNetworkTargetIs201ThenReplacedWith200AndDeletedWithATombstone() {
        String id = targetId();
        IngestTestSupport.Response created = putJson(port, "/api/v1/targets/" + id, ADMIN_TOKEN,
                target("participantsActive", 5000, NEXT_YEAR));
        assertThat(created.status()).isEqualTo(201);
        assertThat(created.json().get("targetId").asText()).isEqualTo(id);
        assertThat(created.json().get("due").asText()).isEqualTo(NEXT_YEAR.toString());

        assertThat(putJson(port, "/api/v1/targets/" + id, ADMIN_TOKEN, target("participantsActive", 6000, NEXT_YEAR)).status())
                .isEqualTo(200);
        assertThat(send(port, "DELETE", "/api/v1/targets/" + id, ADMIN_TOKEN, null, null).status()).isEqualTo(204);
        assertThat(send(port, "DELETE", "/api/v1/targets/" + id, ADMIN_TOKEN, null, null).status()).isEqualTo(404);

        List<ConsumerRecord<String, Target>> records = written(id);
        assertThat(records).hasSize(3);
        assertThat(records.get(0).value().getValue()).isEqualTo(5000);
        assertThat(records.get(1).value().getValue()).isEqualTo(6000);
        assertThat(records.get(2).value()).as("a tombstone").isNull();
    }

    @Test
    void readingTargetsOnTheIngestPortIs405PointingToTheQueryApi() {
        // the SPEC serves GET /api/v1/targets with each target's progress, which only aggregation-streams computes
        IngestTestSupport.Response list = send(port, "GET", "/api/v1/targets", ADMIN_TOKEN, null, null);
        assertThat(list.status()).isEqualTo(405);
        assertThat(list.headers().first("Allow")).as("no method on the list here").isEmpty();
        assertThat(list.json().get("message").asText()).contains("query API", "GET /api/v1/targets there",
                "PUT and DELETE /api/v1/targets/{targetId}");

        IngestTestSupport.Response one = send(port, "GET", "/api/v1/targets/" + targetId(), null, null, null);
        assertThat(one.status()).isEqualTo(405);
        assertThat(one.headers().first("Allow")).isEqualTo("PUT, DELETE");
        assertThat(one.json().get("message").asText()).contains("query API");
    }

    @Test
    void aToolAdoptersTargetOfATerritoryNamesItsToolAndTerritory() {
        String territory = newTerritory(port, "target-town")[0];
        String id = targetId();
        ObjectNode body = target("toolAdopters", 40, NEXT_YEAR).put("toolId", "choices-guide").put("territoryId", territory);

        assertThat(putJson(port, "/api/v1/targets/" + id, ADMIN_TOKEN, body).status()).isEqualTo(201);

        Target kept = written(id).get(0).value();
        assertThat(kept.getToolId()).isEqualTo("choices-guide");
        assertThat(kept.getTerritoryId()).isEqualTo(territory);
    }

    @Test
    void anUnknownTerritoryOrToolOrAPastDueDateIs422NamingTheFieldAndWritesNothing() {
        String id = targetId();
        ObjectNode body = target("toolAdopters", 40, LocalDate.now(ZoneOffset.UTC).minusDays(1))
                .put("toolId", "crystal-ball").put("territoryId", "atlantis");

        IngestTestSupport.Response r = putJson(port, "/api/v1/targets/" + id, ADMIN_TOKEN, body);

        assertThat(r.status()).isEqualTo(422);
        assertThat(r.json().get("errors").findValuesAsText("field")).containsExactlyInAnyOrder("toolId", "territoryId", "due");
        assertThat(r.text()).contains("unknown tool: 'crystal-ball'", "unknown territory: 'atlantis'", "must not be in the past");
        assertThat(written(id)).isEmpty();
    }

    @Test
    void aTerritoriesActiveTargetOfOneTerritoryIs422NamingTerritoryIdAndWritesNothing() {
        // one territory's territories-active is 0 or 1: a target of 5 for it could never be reached
        String territory = newTerritory(port, "one-of-many")[0];
        String id = targetId();
        ObjectNode body = target("territoriesActive", 5, NEXT_YEAR).put("territoryId", territory);

        IngestTestSupport.Response r = putJson(port, "/api/v1/targets/" + id, ADMIN_TOKEN, body);

        assertThat(r.status()).isEqualTo(422);
        assertThat(r.json().get("errors").findValuesAsText("field")).containsExactly("territoryId");
        assertThat(r.json().get("errors").findValuesAsText("message")).singleElement().asString()
                .contains("only for metrics participantsActive, participantsEver and toolAdopters");
        assertThat(written(id)).isEmpty();

        // the same metric for the network, and the other metrics for one territory, are goals that can be reached
        assertThat(putJson(port, "/api/v1/targets/" + id, ADMIN_TOKEN, target("territoriesActive", 5, NEXT_YEAR)).status())
                .isEqualTo(201);
        for (String metric : List.of("participantsActive", "participantsEver")) {
            assertThat(putJson(port, "/api/v1/targets/" + targetId(), ADMIN_TOKEN,
                    target(metric, 5, NEXT_YEAR).put("territoryId", territory)).status()).as(metric).isEqualTo(201);
        }
    }

    @Test
    void otherMistakesAreNamedToo() {
        ObjectNode body = JSON.createObjectNode().put("metric", "happiness").put("value", 0).put("due", "31/12/2030")
                .put("owner", "Marie");
        IngestTestSupport.Response r = putJson(port, "/api/v1/targets/" + targetId(), ADMIN_TOKEN, body);
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.json().get("errors").findValuesAsText("field")).containsExactlyInAnyOrder("metric", "value", "due", "owner");

        ObjectNode noTool = target("toolAdopters", 10, NEXT_YEAR);
        assertThat(putJson(port, "/api/v1/targets/" + targetId(), ADMIN_TOKEN, noTool).json().get("errors")
                .findValuesAsText("field")).containsExactly("toolId");

        assertThat(putJson(port, "/api/v1/targets/Bad_Id", ADMIN_TOKEN, target("participantsEver", 10, NEXT_YEAR)).status())
                .isEqualTo(400);
        assertThat(putJson(port, "/api/v1/targets/" + targetId(), null, target("participantsEver", 10, NEXT_YEAR)).status())
                .isEqualTo(401);
    }
}
