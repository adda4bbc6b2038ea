package org.together.reports.replay;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Replaying the event log is heavy: at most {@code concurrent} replays (snapshots and exports) run at once per
 * instance; the others wait in one of two lanes, the team's and the public's, at most {@value #MAX_WAITING} each. Beyond
 * that a request is turned away at once ({@link Busy}: the HTTP routes answer 503 with Retry-After) instead of piling up.
 * A freed replay goes to the team's lane first, so requests without a token cannot keep the coordination team's reports
 * waiting nor turn them away (review 18, finding 6).
 */
public final class ReplayQueue {

    public static final int MAX_WAITING = 4;

    /** Whose request waits: the coordination team's (viewer or admin token, the command line) or anyone else's. */
    public enum Lane {
        TEAM, PUBLIC
    }

    private final int concurrent;
    private final Map<Lane, Deque<Turn>> lines = new EnumMap<>(Lane.class);
    private int running;
    private long replays;

    public ReplayQueue(int concurrent) {
        if (concurrent < 1) {
            throw new IllegalArgumentException("concurrent must be at least 1, was " + concurrent);
        }
        this.concurrent = concurrent;
        for (Lane lane : Lane.values()) {
            lines.put(lane, new ArrayDeque<>());
        }
    }

    /** Thrown when {@value #MAX_WAITING} replays already wait in the lane. */
    public static final class Busy extends RuntimeException {
        public Busy(Lane lane) {
            super(MAX_WAITING + (lane == Lane.TEAM ? " reports of the coordination team" : " reports asked for without the team's token")
                    + " already wait for the event log to be replayed; retry shortly");
        }
    }

    /** A waiting request; granted when a replay that ended handed it its place. */
    private static final class Turn {
        boolean granted;
    }

    /**
     * Runs the replay once a place is free, waiting in the lane.
     *
     * @throws Busy {@value #MAX_WAITING} replays already wait in the lane
     */
    public <T> T run(Lane lane, Supplier<T> replay) throws InterruptedException {
        enter(lane);
        try {
            return replay.get();
        } finally {
            leave();
        }
    }

    private synchronized void enter(Lane lane) throws InterruptedException {
        // a place that frees up is handed to a waiting request at once: a free place means no one waits
        if (running < concurrent) {
            running++;
            replays++;
            return;
        }
        Deque<Turn> line = lines.get(lane);
        if (line.size() >= MAX_WAITING) {
            throw new Busy(lane);
        }
        Turn turn = new Turn();
        line.addLast(turn);
        try {
            while (!turn.granted) {
                wait();
            }
        } catch (InterruptedException e) {
            if (turn.granted) {
                leave(); // handed a place while being interrupted: pass it on
            } else {
                line.remove(turn);
            }
            throw e;
        }
        replays++;
    }

    private synchronized void leave() {
        Turn next = lines.get(Lane.TEAM).pollFirst();
        if (next == null) {
            next = lines.get(Lane.PUBLIC).pollFirst();
        }
        if (next == null) {
            running--;
        } else {
            next.granted = true;
            notifyAll();
        }
    }

    /** Replays waiting now in both lanes (for tests and metrics). */
    public synchronized int waiting() {
        return lines.values().stream().mapToInt(Deque::size).sum();
    }

    /** Replays waiting now in the lane (for tests and metrics). */
    public synchronized int waiting(Lane lane) {
        return lines.get(lane).size();
    }

    /** Replays started since this queue was made (for tests and metrics). */
    public synchronized long replays() {
        return replays;
    }
}
