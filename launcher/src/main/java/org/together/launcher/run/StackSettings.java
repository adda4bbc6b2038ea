package org.together.launcher.run;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;
import org.together.figures.disclosure.DisclosureRule;
import org.together.launcher.KeptSecret;
import org.together.reports.export.ExportLicence;

/**
 * What {@code together run} starts, decided from flags and environment before anything starts.
 *
 * @param host the address the HTTP services listen on; the embedded broker and registry stay on loopback
 * @param kafka an external bootstrap; when empty an embedded broker runs on {@code kafkaPort}
 * @param registry an external registry URL; when empty an embedded registry runs on {@code registryPort}
 * @param kafkaProperties Kafka client properties passed through to every client (security, timeouts)
 * @param pseudonymKey the network secret of the pseudonym vault (never printed)
 * @param viewerToken what reads the exact figures and nothing else ({@code TOGETHER_VIEWER_TOKEN}, else kept in the data dir)
 * @param disclosure the rule of public figures ({@code TOGETHER_MIN_PUBLISHED_COUNT})
 * @param metricsToken when present, {@code /metrics} needs it ({@code TOGETHER_METRICS_TOKEN})
 * @param rateLimit events per second per territory token on the ingest API, 0 for none ({@code TOGETHER_RATE_LIMIT})
 * @param exportLicence the research export's licence, the network's choice ({@code TOGETHER_EXPORT_LICENSE}); none unset
 */
public record StackSettings(
        Path dataDir,
        String host,
        int kafkaPort,
        int controllerPort,
        int registryPort,
        int ingestPort,
        int queryPort,
        Optional<String> kafka,
        Optional<String> registry,
        Map<String, String> kafkaProperties,
        KeptSecret adminToken,
        KeptSecret pseudonymKey,
        KeptSecret viewerToken,
        DisclosureRule disclosure,
        Optional<String> metricsToken,
        int rateLimit,
        Optional<ExportLicence> exportLicence) {

    public Path streamsStateDir() {
        return dataDir.resolve("streams");
    }
}
