package org.together.aggregation.query;

import java.util.Collections;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.together.reference.Tool;

/**
 * The tool catalogue's names (the global tools table, which the coordination team extends and corrects at run time),
 * read once per answer: the catalogue holds tens of tools, so one scan of it costs less than a look-up per tool line
 * of every territory. A tool the catalogue does not hold (removed from it, or counted before it was written) has no
 * name here: its toolId names it.
 */
public final class ToolNames {

    /** No catalogue: every tool named by its id only. */
    public static final ToolNames NONE = new ToolNames(Map.of());

    /** One tool's names, made once per read of the catalogue and shared by every line of it (no copy per line). */
    private record Named(String name, Map<String, String> names) {
    }

    private final Map<String, Named> tools;

    private ToolNames(Map<String, Named> tools) {
        this.tools = tools;
    }

    /** The catalogue as the table holds it now. */
    static ToolNames of(ReadOnlyKeyValueStore<String, Tool> catalogue) {
        Map<String, Named> tools = new HashMap<>();
        try (KeyValueIterator<String, Tool> it = catalogue.all()) {
            it.forEachRemaining(kv -> {
                if (kv.value != null) {
                    tools.put(kv.key, new Named(kv.value.getName(),
                            Collections.unmodifiableSortedMap(new TreeMap<>(kv.value.getNames()))));
                }
            });
        }
        return new ToolNames(tools);
    }

    /** The catalogue's name of the tool (its default one), or null when the catalogue does not hold it. */
    public String name(String toolId) {
        Named tool = toolId == null ? null : tools.get(toolId);
        return tool == null ? null : tool.name();
    }

    /** The catalogue's names of the tool by language (en, fr...), or null when the catalogue does not hold it. */
    public Map<String, String> names(String toolId) {
        Named tool = toolId == null ? null : tools.get(toolId);
        return tool == null ? null : tool.names();
    }
}
