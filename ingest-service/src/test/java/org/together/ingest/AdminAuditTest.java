package org.together.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.together.ingest.IngestTestSupport.ADMIN_TOKEN;
import static org.together.ingest.IngestTestSupport.JSON;
import static org.together.ingest.IngestTestSupport.array;
import static org.together.ingest.IngestTestSupport.get;
import static org.together.ingest.IngestTestSupport.joined;
import static org.together.ingest.IngestTestSupport.postJson;
import static org.together.ingest.IngestTestSupport.putJson;
import static org.together.ingest.IngestTestSupport.send;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.LoggerContext;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.LoggerConfig;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.together.ingest.auth.Tokens;
import org.together.ingest.audit.AdminAudit;
import org.together.ingest.pseudonyms.ErasureEndpoint;

/**
 * Every admin change leaves one INFO line naming who and what by ids, written once the change is stored; never a
 * token nor its hash, never a participant's id. Refused requests leave none.
 */
class AdminAuditTest {

    private static final String RUN = UUID.randomUUID().toString().substring(0, 8);
    private static final List<LogEvent> lines = new CopyOnWriteArrayList<>();
    private static AbstractAppender appender;
    private static int port;

    @BeforeAll
    static void watchTheAuditLog() {
        port = IngestTestSupport.port();
        appender = new AbstractAppender("admin-audit-" + RUN, null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                lines.add(event.toImmutable());
            }
        };
        appender.start();
        LoggerContext logging = (LoggerContext) LogManager.getContext(false);
        for (String name : new String[] {AdminAudit.LOGGER, ErasureEndpoint.class.getName()}) {
            logging.getConfiguration().addLogger(name, loggerConfig(logging, name));
        }
        logging.updateLoggers();
    }

    /** The logger's own config (INFO, as the service's log4j2.xml has org.together), with the appender added. */
    private static LoggerConfig loggerConfig(LoggerContext logging, String name) {
        LoggerConfig config = new LoggerConfig(name, Level.INFO, true);
        config.addAppender(appender, Level.INFO, null);
        return config;
    }

    @AfterAll
    static void stopWatching() {
        LoggerContext logging = (LoggerContext) LogManager.getContext(false);
        logging.getConfiguration().removeLogger(AdminAudit.LOGGER);
        logging.getConfiguration().removeLogger(ErasureEndpoint.class.getName());
        logging.updateLoggers();
        appender.stop();
    }

    @Test
    void registeringRotatingAndRevokingATerritorysTokenEachLeaveOneLineWithoutTheToken() {
        String id = "audited-" + RUN;
        IngestTestSupport.Response registered = postJson(port, "/api/v1/territories", ADMIN_TOKEN, JSON.createObjectNode()
                .put("id", id).put("name", "Audited").put("countryCode", "FR").put("kind", "village"));
        assertThat(registered.status()).isEqualTo(201);
        IngestTestSupport.Response rotated = postJson(port, "/api/v1/territories/" + id + "/token", ADMIN_TOKEN, null);
        assertThat(rotated.status()).isEqualTo(200);
        assertThat(send(port, "DELETE", "/api/v1/territories/" + id + "/token", ADMIN_TOKEN, null, null).status())
                .isEqualTo(204);
        assertThat(postJson(port, "/api/v1/territories", ADMIN_TOKEN, JSON.createObjectNode()
                .put("id", id).put("name", "Again").put("countryCode", "FR").put("kind", "village")).status())
                .as("refused: taken").isEqualTo(409);
        assertThat(postJson(port, "/api/v1/territories/" + id + "/token", "not-the-admin", null).status()).isEqualTo(401);

        assertThat(auditLinesAbout(id)).containsExactly(
                "admin registered territory " + id + " (from 127.0.0.1)",
                "admin rotated the token of territory " + id + " (from 127.0.0.1)",
                "admin revoked the token of territory " + id + " (from 127.0.0.1)");
        assertNoSecretIn(registered.json().get("token").asText(), rotated.json().get("token").asText());
    }

    @Test
    void toolsDimensionsTargetsAndAnImportEachLeaveOneLineNamingWhatChanged() {
        String tool = "audited-tool-" + RUN;
        ObjectNode toolBody = JSON.createObjectNode().put("name", "Audited tool");
        assertThat(putJson(port, "/api/v1/tools/" + tool, ADMIN_TOKEN, toolBody).status()).isEqualTo(201);
        assertThat(putJson(port, "/api/v1/tools/" + tool, ADMIN_TOKEN, toolBody).status()).isEqualTo(200);

        JsonNode dimensionI = null;
        for (JsonNode d : get(port, "/api/v1/spiral-dimensions", null).json()) {
            dimensionI = "I".equals(d.get("code").asText()) ? d : dimensionI;
        }
        ObjectNode sameI = ((ObjectNode) dimensionI.deepCopy()).without(List.of("code", "updatedAt"));
        assertThat(putJson(port, "/api/v1/spiral-dimensions/I", ADMIN_TOKEN, sameI).status()).isEqualTo(200);

        String target = "audited-target-" + RUN;
        LocalDate due = LocalDate.now(ZoneOffset.UTC).plusYears(1);
        assertThat(putJson(port, "/api/v1/targets/" + target, ADMIN_TOKEN, JSON.createObjectNode()
                .put("metric", "toolAdopters").put("toolId", tool).put("value", 40).put("due", due.toString())).status())
                .isEqualTo(201);
        assertThat(send(port, "DELETE", "/api/v1/targets/" + target, ADMIN_TOKEN, null, null).status()).isEqualTo(204);

        String[] territory = IngestTestSupport.newTerritory(port, "audited-import-" + RUN);
        ObjectNode bad = joined(territory[0]).put("role", "nobody");
        assertThat(postJson(port, "/api/v1/import", ADMIN_TOKEN, array(joined(territory[0]), joined(territory[0]), bad))
                .status()).isEqualTo(207);
        assertThat(postJson(port, "/api/v1/import", ADMIN_TOKEN, array(bad)).status()).as("stores nothing").isEqualTo(422);

        assertThat(auditLinesAbout(tool)).containsExactly(
                "admin added tool " + tool + " (from 127.0.0.1)",
                "admin replaced tool " + tool + " (from 127.0.0.1)",
                "admin set target " + target + " (toolAdopters of tool " + tool + " 40 due " + due + ") (from 127.0.0.1)");
        assertThat(auditLinesAbout(target)).endsWith("admin removed target " + target + " (from 127.0.0.1)");
        assertThat(auditLinesAbout("SPIRAL dimension I")).contains("admin replaced SPIRAL dimension I (from 127.0.0.1)");
        assertThat(auditLinesAbout("imported")).contains("admin imported 3 event(s) of territory " + territory[0]
                + ": 2 accepted, 0 duplicate, 0 conflict, 1 rejected (from 127.0.0.1)");
        assertThat(auditLinesAbout("imported 1 event(s)")).as("the 422 import").isEmpty();
    }

    @Test
    void anErasureSaysWhoAskedAndNeverWhichParticipant() {
        String[] territory = IngestTestSupport.newTerritory(port, "audited-erasure-" + RUN);
        ObjectNode joined = joined(territory[0]);
        String participant = joined.get("participantId").asText();
        assertThat(postJson(port, "/api/v1/events", territory[1], joined).status()).isEqualTo(202);

        assertThat(send(port, "DELETE", "/api/v1/territories/" + territory[0] + "/participants/" + participant,
                ADMIN_TOKEN, null, null).status()).isEqualTo(202);

        List<String> erasures = messages().stream().filter(m -> m.contains("erased a participant of territory "
                + territory[0] + " ")).toList();
        assertThat(erasures).hasSize(1);
        assertThat(erasures.get(0)).endsWith("at the request of the admin (from 127.0.0.1)").doesNotContain(participant);
    }

    private static List<String> auditLinesAbout(String what) {
        List<String> out = new ArrayList<>();
        for (LogEvent e : lines) {
            String m = e.getMessage().getFormattedMessage();
            if (e.getLoggerName().equals(AdminAudit.LOGGER) && m.contains(what)) {
                assertThat(e.getLevel()).isEqualTo(Level.INFO);
                assertThat(m).doesNotContain("\n");
                out.add(m);
            }
        }
        return out;
    }

    private static List<String> messages() {
        return lines.stream().map(e -> e.getMessage().getFormattedMessage()).toList();
    }

    private static void assertNoSecretIn(String... tokens) {
        for (String m : messages()) {
            assertThat(m).doesNotContain(ADMIN_TOKEN);
            for (String token : tokens) {
                byte[] hash = Tokens.sha256(token);
                assertThat(m).doesNotContain(token).doesNotContain(HexFormat.of().formatHex(hash))
                        .doesNotContain(java.util.Base64.getEncoder().encodeToString(hash))
                        .doesNotContain(java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(hash));
            }
        }
    }
}
