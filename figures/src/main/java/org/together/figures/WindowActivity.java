package org.together.figures;

import java.util.Collections;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The figures of a window of days that are distinct counts rather than sums of days, read from the entities:
 * per tool, the users that discovered, started or completed it on a day of the window and the adopters among them
 * (started or completed); the users that adopted any tool; the groups that evaluated well-being. A user who
 * started a tool in an earlier window and again in this one counts in both.
 */
public final class WindowActivity {

    private final Window window;
    /** toolId -> discovered, starts, completions, adopters */
    private final Map<String, long[]> tools = new TreeMap<>();
    /** territory and user of every adopter, whatever the tool */
    private final Set<String> adopters = new HashSet<>();
    private long groups;

    public WindowActivity(Window window) {
        this.window = window;
    }

    public Window window() {
        return window;
    }

    /** Counts an entity of {@link EntityKeys} key {@code key} (entities other than tool users and groups count nothing). */
    public void add(String key, TerritoryEntity entity) {
        if (entity instanceof ToolUser user) {
            EntityKeys.ToolUserKey k = EntityKeys.toolUserKey(key);
            addToolUser(k.territoryId(), k.toolId(), k.user(), user);
        } else if (entity instanceof EvaluatingGroup group && group.evaluatedIn(window)) {
            groups++;
        }
    }

    private void addToolUser(String territoryId, String toolId, String user, ToolUser state) {
        boolean discovered = state.reachedIn(ToolUser.Stage.DISCOVERED, window);
        boolean started = state.reachedIn(ToolUser.Stage.STARTED, window);
        boolean completed = state.reachedIn(ToolUser.Stage.COMPLETED, window);
        if (!discovered && !started && !completed) {
            return;
        }
        long[] c = tools.computeIfAbsent(toolId, t -> new long[4]);
        c[0] += discovered ? 1 : 0;
        c[1] += started ? 1 : 0;
        c[2] += completed ? 1 : 0;
        if (started || completed) {
            c[3]++;
            adopters.add(territoryId + EntityKeys.SEPARATOR + user);
        }
    }

    /** Per tool used in the window: its users per stage and adopters (no ratings: those are sums of days). */
    public Map<String, ToolCounts> tools() {
        Map<String, ToolCounts> view = new TreeMap<>();
        tools.forEach((id, c) -> view.put(id, new ToolCounts(c[0], c[1], c[2], c[3], 0, 0)));
        return Collections.unmodifiableMap(view);
    }

    /** Users that started or completed any tool in the window, each once. */
    public long adopters() {
        return adopters.size();
    }

    /** Groups that evaluated well-being in the window. */
    public long groups() {
        return groups;
    }
}
