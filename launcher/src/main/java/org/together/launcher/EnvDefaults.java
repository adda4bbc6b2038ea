package org.together.launcher;

import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.together.figures.disclosure.DisclosureRule;
import org.together.reports.export.ExportLicence;
import picocli.CommandLine;
import picocli.CommandLine.IDefaultValueProvider;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * Environment variables as option defaults: a flag on the command line wins, then the variable,
 * then the option's own default. Only the options listed here read the environment.
 */
public final class EnvDefaults implements IDefaultValueProvider {

    /** Option name -> environment variable, the one table the README documents. */
    public static final Map<String, String> VARIABLES = Map.ofEntries(
            Map.entry("--data-dir", "TOGETHER_DATA_DIR"),
            Map.entry("--host", "TOGETHER_HOST"),
            Map.entry("--advertised-host", "TOGETHER_ADVERTISED_HOST"),
            Map.entry("--kafka-port", "TOGETHER_KAFKA_PORT"),
            Map.entry("--controller-port", "TOGETHER_CONTROLLER_PORT"),
            Map.entry("--registry-port", "TOGETHER_REGISTRY_PORT"),
            Map.entry("--ingest-port", "TOGETHER_INGEST_PORT"),
            Map.entry("--query-port", "TOGETHER_QUERY_PORT"),
            Map.entry("--rate-limit", "TOGETHER_RATE_LIMIT"),
            Map.entry("--kafka", "TOGETHER_KAFKA_BOOTSTRAP"),
            Map.entry("--registry", "TOGETHER_REGISTRY_URL"),
            Map.entry("--application-id", "TOGETHER_APPLICATION_ID"),
            Map.entry("--ingest", "TOGETHER_INGEST_URL"),
            Map.entry("--token", "TOGETHER_ADMIN_TOKEN"));

    /** Variables under the Kafka prefix that are ours, not client properties. */
    private static final java.util.Set<String> KAFKA_PREFIX_OWN = java.util.Set.of(
            "TOGETHER_KAFKA_BOOTSTRAP", "TOGETHER_KAFKA_PORT");

    private static final String KAFKA_PREFIX = "TOGETHER_KAFKA_";

    private final Map<String, String> env;

    public EnvDefaults(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    @Override
    public String defaultValue(ArgSpec argSpec) {
        if (!(argSpec instanceof OptionSpec option)) {
            return null;
        }
        String variable = VARIABLES.get(option.longestName());
        if (variable == null) {
            return null;
        }
        String value = env.get(variable);
        return value == null || value.isBlank() ? null : value;
    }

    /**
     * Where the value of {@code option} came from, to name it in an error: the flag when it is on the command line,
     * else its variable when that is set, else the flag (its default).
     */
    public String source(CommandSpec command, String option) {
        String variable = VARIABLES.get(option);
        CommandLine.ParseResult parsed = command.commandLine().getParseResult();
        boolean flagGiven = parsed != null && parsed.hasMatchedOption(option);
        return !flagGiven && variable != null && get(variable) != null ? variable : option;
    }

    /**
     * The message of a refused option value, naming the environment variable instead of the flag when the value came
     * from the variable: {@code TOGETHER_INGEST_PORT=foo} must not read as a {@code --ingest-port} the user never typed.
     */
    public String explain(CommandLine.ParameterException e, String[] args) {
        String message = e.getMessage();
        if (!(e.getArgSpec() instanceof OptionSpec option)) {
            return message;
        }
        String variable = VARIABLES.get(option.longestName());
        if (variable == null || get(variable) == null || given(option, args)) {
            return message;
        }
        String named = message.replace("option '" + option.longestName() + "'", "environment variable " + variable + " (" + option.longestName() + ")");
        return named.equals(message) ? message + " (from " + variable + ")" : named;
    }

    private static boolean given(OptionSpec option, String[] args) {
        for (String arg : args) {
            for (String name : option.names()) {
                if (arg.equals(name) || arg.startsWith(name + "=")) {
                    return true;
                }
            }
        }
        return false;
    }

    public String get(String variable) {
        String value = env.get(variable);
        return value == null || value.isBlank() ? null : value;
    }

    /**
     * The disclosure rule of public figures: k from {@code TOGETHER_MIN_PUBLISHED_COUNT}, else 5.
     *
     * @throws IllegalArgumentException the variable is not a whole number of at least 2 (the message names it)
     */
    public DisclosureRule disclosureRule() {
        String k = get(DisclosureRule.ENVIRONMENT);
        return DisclosureRule.fromEnvironment(k == null ? Map.of() : Map.of(DisclosureRule.ENVIRONMENT, k));
    }

    /**
     * The research export's licence from {@code TOGETHER_EXPORT_LICENSE} (an SPDX id), or none: the network chooses it,
     * so there is no default.
     *
     * @throws IllegalArgumentException the variable is not an SPDX licence id (the message names it)
     */
    public Optional<ExportLicence> exportLicence() {
        // the literal, not ExportLicence.ENVIRONMENT: ComposeFileTest checks the launcher names every variable compose sets
        String id = get("TOGETHER_EXPORT_LICENSE");
        return ExportLicence.fromEnvironment(id == null ? Map.of() : Map.of(ExportLicence.ENVIRONMENT, id));
    }

    /** The environment's Kafka client properties with those given as flags over them. */
    public Map<String, String> kafkaProperties(Map<String, String> fromFlags) {
        Map<String, String> merged = new TreeMap<>(kafkaProperties());
        merged.putAll(fromFlags);
        return Map.copyOf(merged);
    }

    /**
     * Kafka client properties passed through the environment, for containers:
     * {@code TOGETHER_KAFKA_SECURITY_PROTOCOL=SASL_SSL} becomes {@code security.protocol=SASL_SSL}.
     */
    public Map<String, String> kafkaProperties() {
        Map<String, String> properties = new TreeMap<>();
        env.forEach((name, value) -> {
            if (name.startsWith(KAFKA_PREFIX) && !KAFKA_PREFIX_OWN.contains(name) && name.length() > KAFKA_PREFIX.length()) {
                properties.put(name.substring(KAFKA_PREFIX.length()).toLowerCase(Locale.ROOT).replace('_', '.'), value);
            }
        });
        return properties;
    }
}
