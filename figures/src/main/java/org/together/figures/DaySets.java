package org.together.figures;

import java.util.Arrays;

/** Sets of epoch days kept as ascending arrays: an entity's days are few, and an array is the smallest state. */
final class DaySets {

    static final long[] EMPTY = new long[0];

    private DaySets() {
    }

    /** The days with {@code day} added (the same array when it was there already). */
    static long[] with(long[] days, long day) {
        int at = Arrays.binarySearch(days, day);
        if (at >= 0) {
            return days;
        }
        int insert = -at - 1;
        long[] more = new long[days.length + 1];
        System.arraycopy(days, 0, more, 0, insert);
        more[insert] = day;
        System.arraycopy(days, insert, more, insert + 1, days.length - insert);
        return more;
    }

    /** The days without {@code day}. */
    static long[] without(long[] days, long day) {
        int at = Arrays.binarySearch(days, day);
        if (at < 0) {
            return days;
        }
        long[] fewer = new long[days.length - 1];
        System.arraycopy(days, 0, fewer, 0, at);
        System.arraycopy(days, at + 1, fewer, at, days.length - at - 1);
        return fewer;
    }

    static boolean anyIn(long[] days, Window window) {
        for (long day : days) {
            if (window.containsEpochDay(day)) {
                return true;
            }
        }
        return false;
    }
}
