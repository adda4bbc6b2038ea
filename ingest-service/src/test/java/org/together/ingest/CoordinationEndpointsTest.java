package org.together.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.together.ingest.IngestTestSupport.ADMIN_TOKEN;
import static org.together.ingest.IngestTestSupport.JSON;
import static org.together.ingest.IngestTestSupport.endOffsetsOfAllTopics;
import static org.together.ingest.IngestTestSupport.get;
import static org.together.ingest.IngestTestSupport.joined;
import static org.together.ingest.IngestTestSupport.newTerritory;
import static org.together.ingest.IngestTestSupport.postJson;
import static org.together.ingest.IngestTestSupport.putJson;
import static org.together.ingest.IngestTestSupport.readCommitted;
import static org.together.ingest.IngestTestSupport.send;
import static org.together.ingest.IngestTestSupport.toolUsed;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.together.reference.Territory;
import org.together.reference.TerritoryCredential;
import org.together.reference.Tool;
import org.together.schemas.Topics;

/** Territories, their tokens, the tool catalogue and SPIRAL dimensions, as the coordination team manages them. */
class CoordinationEndpointsTest {

    private static int port;

    @BeforeAll
    static void startService() {
        port = IngestTestSupport.port();
    }

    private static ObjectNode territory(String id) {
        return JSON.createObjectNode().put("id", id).put("name", "Bonfim").put("countryCode", "PT")
                .put("kind", "neighbourhood").put("population", 24_000).put("lat", 41.15).put("lon", -8.6);
    }

    private static String uniqueId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    @Test
    void registeringATerritoryIs201WithATokenStoredOnlyAsItsHash() {
        String id = uniqueId("porto-bonfim");

        IngestTestSupport.Response r = postJson(port, "/api/v1/territories", ADMIN_TOKEN, territory(id));

        assertThat(r.status()).isEqualTo(201);
        assertThat(r.json().get("territoryId").asText()).isEqualTo(id);
        String token = r.json().get("token").asText();
        assertThat(token).startsWith("tgt_").hasSize(4 + 43);
        List<ConsumerRecord<String, TerritoryCredential>> credentials = readCommitted(Topics.TERRITORY_CREDENTIALS).stream()
                .filter(c -> c.key().equals(id)).toList();
        assertThat(credentials).hasSize(1);
        assertThat(credentials.get(0).value().getTokenHash()).hasSize(64).isNotEqualTo(token).doesNotContain(token);
        List<ConsumerRecord<String, Territory>> territories = readCommitted(Topics.TERRITORIES).stream()
                .filter(c -> c.key().equals(id)).toList();
        assertThat(territories).hasSize(1);
        assertThat(territories.get(0).value().getCountryCode()).isEqualTo("PT");
        assertThat(territories.get(0).value().getLat()).isEqualTo(41.15);
        assertThat(postJson(port, "/api/v1/events", token, joined(id)).status()).isEqualTo(202);
    }

    @Test
    void aRepeatedTerritoryIdIs409() {
        String id = uniqueId("mouscron");
        assertThat(postJson(port, "/api/v1/territories", ADMIN_TOKEN, territory(id)).status()).isEqualTo(201);

        IngestTestSupport.Response again = postJson(port, "/api/v1/territories", ADMIN_TOKEN, territory(id));

        assertThat(again.status()).isEqualTo(409);
        assertThat(again.json().get("message").asText()).contains(id);
    }

    @Test
    void anInvalidTerritoryIs422NamingEachField() {
        ObjectNode bad = JSON.createObjectNode().put("id", "Bad Id").put("name", "x").put("countryCode", "XX")
                .put("kind", "planet").put("lat", 91).put("secretary", "Jean Dupont");

        IngestTestSupport.Response r = postJson(port, "/api/v1/territories", ADMIN_TOKEN, bad);

        assertThat(r.status()).isEqualTo(422);
        assertThat(r.json().get("errors").findValuesAsText("field"))
                .containsExactlyInAnyOrder("id", "countryCode", "kind", "lat", "lon", "secretary");
    }

    /** Review 18: "Lyon \u202egnp.exe" (shown as "Lyon exe.png") was registered while control characters are refused. */
    @Test
    void aNameWithAUnicodeDirectionControlIs422NamingTheFieldAndNothingIsWritten() {
        Map<TopicPartition, Long> before = endOffsetsOfAllTopics();
        for (String name : new String[] {"Lyon \u202egnp.exe", "a\u202ab", "a\u2066b\u2069", "a\u200eb", "a\u200fb", "a\u061cb"}) {
            String id = uniqueId("bidi");
            IngestTestSupport.Response r = postJson(port, "/api/v1/territories", ADMIN_TOKEN, territory(id).put("name", name));

            assertThat(r.status()).as("name with U+%04X", (int) name.chars().filter(c -> c > 0x7f).findFirst().getAsInt())
                    .isEqualTo(422);
            assertThat(r.json().get("errors").findValuesAsText("field")).containsExactly("name");
            assertThat(r.json().get("errors").get(0).get("message").asText())
                    .isEqualTo("must not contain Unicode direction controls (U+061C, U+200E, U+200F, U+202A to U+202E, "
                            + "U+2066 to U+2069)");
        }
        ObjectNode tool = JSON.createObjectNode().put("name", "Repair caf\u00e9");
        tool.putObject("names").put("fr", "R\u00e9paration \u202e");
        IngestTestSupport.Response toolName = putJson(port, "/api/v1/tools/bidi-tool", ADMIN_TOKEN, tool);
        assertThat(toolName.status()).isEqualTo(422);
        assertThat(toolName.json().get("errors").findValuesAsText("field")).containsExactly("names.fr");
        assertThat(endOffsetsOfAllTopics()).as("nothing written").isEqualTo(before);
        assertThat(postJson(port, "/api/v1/territories", ADMIN_TOKEN, territory(uniqueId("rtl")).put("name", "\u05d9\u05e8\u05d5\u05e9\u05dc\u05d9\u05dd"))
                .status()).as("right-to-left letters themselves are fine").isEqualTo(201);
    }

    /**
     * Review 21: a territory's good token on a coordination endpoint was 401, as a wrong one, which tells a client to
     * drop its token. It is 403 naming what the token does; a token ingest does not know (a wrong, revoked or the query
     * API's viewer token, which ingest is not given) stays 401 with WWW-Authenticate.
     */
    @Test
    void coordinationEndpointsAre403ToATerritorysTokenNamingWhatItDoesAnd401ToAnyOtherToken() {
        String[] t = newTerritory(port, "not-admin");
        String[] revoked = newTerritory(port, "revoked");
        assertThat(send(port, "DELETE", "/api/v1/territories/" + revoked[0] + "/token", ADMIN_TOKEN, null, null).status())
                .isEqualTo(204);
        ObjectNode dimension = JSON.createObjectNode();
        dimension.putObject("names").put("en", "Personal relations");
        String[][] routes = {
            {"POST", "/api/v1/territories", territory(uniqueId("x")).toString()},
            {"GET", "/api/v1/territories", null},
            {"PUT", "/api/v1/territories/" + t[0], territory(t[0]).toString()},
            {"POST", "/api/v1/territories/" + t[0] + "/token", null},
            {"DELETE", "/api/v1/territories/" + t[0] + "/token", null},
            {"PUT", "/api/v1/tools/x-tool", JSON.createObjectNode().put("name", "X").toString()},
            {"PUT", "/api/v1/spiral-dimensions/D", dimension.toString()},
            {"PUT", "/api/v1/targets/t-" + t[0], JSON.createObjectNode().put("metric", "participantsEver").put("value", 10)
                    .put("due", java.time.LocalDate.now().plusYears(1).toString()).toString()},
            {"DELETE", "/api/v1/targets/t-" + t[0], null},
            {"POST", "/api/v1/import", IngestTestSupport.array(joined(t[0])).toString()}};
        Map<TopicPartition, Long> before = endOffsetsOfAllTopics();

        for (String[] route : routes) {
            String name = route[0] + " " + route[1];
            byte[] body = route[2] == null ? null : route[2].getBytes(java.nio.charset.StandardCharsets.UTF_8);
            String type = body == null ? null : "application/json";
            IngestTestSupport.Response own = send(port, route[0], route[1], t[1], type, body);
            assertThat(own.status()).as(name + " with a territory's token").isEqualTo(403);
            assertThat(own.headers().first("WWW-Authenticate")).as(name).isNull();
            assertThat(own.json().get("error").asText()).isEqualTo("Forbidden");
            assertThat(own.json().get("message").asText()).as(name)
                    .contains("the token of territory '" + t[0] + "'", "POST /api/v1/events",
                            "DELETE /api/v1/territories/" + t[0] + "/participants/{participantId}", "the admin token")
                    .doesNotContain(t[1]);
            for (String other : new String[] {null, t[1] + "x", revoked[1], "viewer-" + UUID.randomUUID()}) {
                IngestTestSupport.Response refused = send(port, route[0], route[1], other, type, body);
                assertThat(refused.status()).as(name + " with " + (other == null ? "no token" : "an unknown token"))
                        .isEqualTo(401);
                assertThat(refused.headers().first("WWW-Authenticate")).as(name).isEqualTo("Bearer realm=\"together-admin\"");
            }
        }
        assertThat(endOffsetsOfAllTopics()).as("nothing written").isEqualTo(before);
        assertThat(postJson(port, "/api/v1/events", t[1], joined(t[0])).status()).as("the token still sends events")
                .isEqualTo(202);
    }

    @Test
    void territoriesAreListedForTheAdminWithoutTokens() {
        String[] t = newTerritory(port, "listed");

        IngestTestSupport.Response r = get(port, "/api/v1/territories", ADMIN_TOKEN);

        assertThat(r.status()).isEqualTo(200);
        JsonNode listed = null;
        for (JsonNode n : r.json()) {
            if (n.get("id").asText().equals(t[0])) {
                listed = n;
            }
        }
        assertThat(listed).isNotNull();
        assertThat(listed.get("kind").asText()).isEqualTo("municipality");
        assertThat(listed.get("token").get("revoked").asBoolean()).isFalse();
        assertThat(r.text()).doesNotContain(t[1]);
    }

    @Test
    void rotatingATokenStopsTheOldOneAndTheNewOneWorks() {
        String[] t = newTerritory(port, "rotate");
        assertThat(postJson(port, "/api/v1/events", t[1], joined(t[0])).status()).isEqualTo(202);

        IngestTestSupport.Response r = send(port, "POST", "/api/v1/territories/" + t[0] + "/token", ADMIN_TOKEN, null, null);

        assertThat(r.status()).isEqualTo(200);
        String fresh = r.json().get("token").asText();
        assertThat(fresh).isNotEqualTo(t[1]).startsWith("tgt_");
        IngestTestSupport.Response old = postJson(port, "/api/v1/events", t[1], joined(t[0]));
        assertThat(old.status()).isEqualTo(401);
        assertThat(old.json().get("message").asText()).as("an app offline since the rotation is told why")
                .contains("ends when it is replaced or revoked");
        assertThat(postJson(port, "/api/v1/events", fresh, joined(t[0])).status()).isEqualTo(202);
    }

    @Test
    void revokingATokenStopsItUntilANewOneIsIssued() {
        String[] t = newTerritory(port, "revoke");

        IngestTestSupport.Response r = send(port, "DELETE", "/api/v1/territories/" + t[0] + "/token", ADMIN_TOKEN, null, null);

        assertThat(r.status()).isEqualTo(204);
        assertThat(postJson(port, "/api/v1/events", t[1], joined(t[0])).status()).isEqualTo(401);
        String fresh = send(port, "POST", "/api/v1/territories/" + t[0] + "/token", ADMIN_TOKEN, null, null)
                .json().get("token").asText();
        assertThat(postJson(port, "/api/v1/events", fresh, joined(t[0])).status()).isEqualTo(202);
        assertThat(postJson(port, "/api/v1/events", t[1], joined(t[0])).status()).isEqualTo(401);
    }

    @Test
    void aTerritoryIsCorrectedByPutKeepingItsIdRegistrationAndToken() {
        String id = uniqueId("bonfin");
        String token = postJson(port, "/api/v1/territories", ADMIN_TOKEN, territory(id)).json().get("token").asText();
        ObjectNode fixed = JSON.createObjectNode().put("name", "Bonfim").put("countryCode", "PT").put("kind", "municipality")
                .put("population", 25_000);

        IngestTestSupport.Response r = putJson(port, "/api/v1/territories/" + id, ADMIN_TOKEN, fixed);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().get("kind").asText()).isEqualTo("municipality");
        assertThat(r.json().get("lat").isNull()).as("a field left out is cleared").isTrue();
        List<Territory> written = readCommitted(Topics.TERRITORIES).stream().filter(c -> c.key().equals(id))
                .map(ConsumerRecord::value).toList();
        assertThat(written).hasSize(2);
        assertThat(written.get(1).getKind()).isEqualTo("municipality");
        assertThat(written.get(1).getPopulation()).isEqualTo(25_000L);
        assertThat(written.get(1).getRegisteredAt()).as("registered when it was").isEqualTo(written.get(0).getRegisteredAt());
        JsonNode listed = null;
        for (JsonNode n : get(port, "/api/v1/territories", ADMIN_TOKEN).json()) {
            listed = n.get("id").asText().equals(id) ? n : listed;
        }
        assertThat(listed.get("kind").asText()).isEqualTo("municipality");
        assertThat(postJson(port, "/api/v1/events", token, joined(id)).status()).as("its token still works").isEqualTo(202);
    }

    @Test
    void aCorrectionCannotChangeTheIdNorReachAnUnknownTerritoryAndNeedsTheAdminToken() {
        String[] t = newTerritory(port, "fixed-id");
        ObjectNode renamed = territory("another-id");

        IngestTestSupport.Response otherId = putJson(port, "/api/v1/territories/" + t[0], ADMIN_TOKEN, renamed);
        IngestTestSupport.Response invalid = putJson(port, "/api/v1/territories/" + t[0], ADMIN_TOKEN,
                JSON.createObjectNode().put("name", "x").put("countryCode", "XX").put("kind", "village"));

        assertThat(otherId.status()).isEqualTo(422);
        assertThat(otherId.json().get("errors").findValuesAsText("field")).containsExactly("id");
        assertThat(invalid.status()).isEqualTo(422);
        assertThat(invalid.json().get("errors").findValuesAsText("field")).containsExactly("countryCode");
        assertThat(putJson(port, "/api/v1/territories/no-such-place", ADMIN_TOKEN, territory("no-such-place")).status())
                .isEqualTo(404);
        assertThat(putJson(port, "/api/v1/territories/" + t[0], t[1], territory(t[0])).status()).isEqualTo(403);
        assertThat(readCommitted(Topics.TERRITORIES).stream().filter(c -> c.key().equals(t[0]))).as("nothing written")
                .hasSize(1);
    }

    @Test
    void tokensOfAnUnknownTerritoryAre404() {
        assertThat(send(port, "POST", "/api/v1/territories/no-such-place/token", ADMIN_TOKEN, null, null).status())
                .isEqualTo(404);
        assertThat(send(port, "DELETE", "/api/v1/territories/no-such-place/token", ADMIN_TOKEN, null, null).status())
                .isEqualTo(404);
    }

    @Test
    void theCatalogueStartsWithTheSixToolsOfTheSpec() {
        IngestTestSupport.Response r = get(port, "/api/v1/tools", null);

        assertThat(r.status()).isEqualTo(200);
        assertThat(r.json().findValuesAsText("toolId")).contains("wellbeing-workshop", "choices-guide",
                "footprint-calculator", "co-evaluation-grid", "action-plan", "added-value-grid");
        assertThat(r.json().get(0).get("names").has("fr")).isTrue();
    }

    @Test
    void aToolAddedByPutCanBeUsedInEventsAtOnce() {
        String[] t = newTerritory(port, "tools");
        String toolId = uniqueId("repair-cafe-guide");
        ObjectNode event = toolUsed(t[0]).put("toolId", toolId);
        assertThat(postJson(port, "/api/v1/events", t[1], event).status()).isEqualTo(422);

        ObjectNode tool = JSON.createObjectNode().put("name", "Repair café guide");
        tool.putObject("names").put("fr", "Guide du repair café").put("pt-BR", "Guia do repair café");
        IngestTestSupport.Response created = putJson(port, "/api/v1/tools/" + toolId, ADMIN_TOKEN, tool);
        IngestTestSupport.Response replaced = putJson(port, "/api/v1/tools/" + toolId, ADMIN_TOKEN, tool.put("name", "Repair café"));

        assertThat(created.status()).isEqualTo(201);
        assertThat(replaced.status()).isEqualTo(200);
        assertThat(replaced.json().get("names").get("fr").asText()).isEqualTo("Guide du repair café");
        assertThat(postJson(port, "/api/v1/events", t[1], event).status()).isEqualTo(202);
        List<ConsumerRecord<String, Tool>> stored = readCommitted(Topics.TOOLS).stream().filter(r -> r.key().equals(toolId)).toList();
        assertThat(stored).hasSize(2);
        assertThat(stored.get(1).value().getName()).isEqualTo("Repair café");
    }

    @Test
    void anInvalidToolIs422() {
        ObjectNode tool = JSON.createObjectNode().put("name", 42).put("owner", "me");
        tool.putObject("names").put("French", "x");

        IngestTestSupport.Response r = putJson(port, "/api/v1/tools/ok-id", ADMIN_TOKEN, tool);
        IngestTestSupport.Response badId = putJson(port, "/api/v1/tools/Bad_Id", ADMIN_TOKEN, JSON.createObjectNode().put("name", "x"));

        assertThat(r.status()).isEqualTo(422);
        assertThat(r.json().get("errors").findValuesAsText("field")).containsExactlyInAnyOrder("name", "owner", "names.French");
        assertThat(badId.status()).isEqualTo(400);
    }

    @Test
    void spiralDimensionsAToIAreSeededAndCanBeCorrected() {
        IngestTestSupport.Response r = get(port, "/api/v1/spiral-dimensions", null);
        assertThat(r.status()).isEqualTo(200);
        List<String> codes = new java.util.ArrayList<>();
        r.json().forEach(n -> codes.add(n.get("code").asText()));
        assertThat(codes).containsExactly("A", "B", "C", "D", "E", "F", "G", "H", "I");
        assertThat(r.json().get(0).get("names").get("fr").asText()).isEqualTo("Accès aux moyens de vie");

        ObjectNode d = JSON.createObjectNode();
        d.putObject("names").put("en", "Personal relations").put("fr", "Relations personnelles");
        d.putArray("components").addObject().put("code", "D01").putObject("names").put("en", "Family relations");
        IngestTestSupport.Response put = putJson(port, "/api/v1/spiral-dimensions/D", ADMIN_TOKEN, d);
        ObjectNode wrong = d.deepCopy();
        ((ObjectNode) wrong.get("components").get(0)).put("code", "E01");

        assertThat(put.status()).isEqualTo(200);
        assertThat(put.json().get("components").get(0).get("code").asText()).isEqualTo("D01");
        assertThat(putJson(port, "/api/v1/spiral-dimensions/D", ADMIN_TOKEN, wrong).json().get("errors").get(0)
                .get("field").asText()).isEqualTo("components[0].code");
        assertThat(putJson(port, "/api/v1/spiral-dimensions/J", ADMIN_TOKEN, d).status()).isEqualTo(400);
    }
}
