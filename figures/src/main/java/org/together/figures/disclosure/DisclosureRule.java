package org.together.figures.disclosure;

import java.util.Map;

/**
 * Small counts are never published: k ({@code TOGETHER_MIN_PUBLISHED_COUNT}, default 5) is the smallest number of
 * people, groups or assessments a published figure about one territory may count or be computed from. Zero is
 * published; network-wide figures are published. k is at least 2: with 1 nothing would be hidden.
 */
public record DisclosureRule(int minPublishedCount) {

    public static final int DEFAULT_MIN_PUBLISHED_COUNT = 5;
    /** The smallest k that hides anything: a count of 1. */
    public static final int LEAST_MIN_PUBLISHED_COUNT = 2;
    /** The environment variable that sets k, for every service and command that publishes figures. */
    public static final String ENVIRONMENT = "TOGETHER_MIN_PUBLISHED_COUNT";
    public static final DisclosureRule DEFAULT = new DisclosureRule(DEFAULT_MIN_PUBLISHED_COUNT);

    public DisclosureRule {
        if (minPublishedCount < LEAST_MIN_PUBLISHED_COUNT) {
            throw new IllegalArgumentException(refusal("the smallest published count", minPublishedCount));
        }
    }

    /**
     * k as given by the operator under {@code name} (a flag or an environment variable), which the error names.
     *
     * @throws IllegalArgumentException k is below 2
     */
    public static DisclosureRule given(String name, int minPublishedCount) {
        if (minPublishedCount < LEAST_MIN_PUBLISHED_COUNT) {
            throw new IllegalArgumentException(refusal(name, minPublishedCount));
        }
        return new DisclosureRule(minPublishedCount);
    }

    /** k from the environment ({@value #ENVIRONMENT}), or the default when unset or blank. */
    public static DisclosureRule fromEnvironment(Map<String, String> environment) {
        String value = environment.get(ENVIRONMENT);
        if (value == null || value.isBlank()) {
            return DEFAULT;
        }
        int k;
        try {
            k = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(ENVIRONMENT + " must be a whole number (the smallest published count), was '" + value + "'");
        }
        return given(ENVIRONMENT, k);
    }

    private static String refusal(String name, int k) {
        return name + " must be at least " + LEAST_MIN_PUBLISHED_COUNT + ": with 1 nothing would be hidden (was " + k + ")";
    }

    /** A count from 1 to k-1, or a mean or share made of that many values: what is never published. */
    public boolean isSmall(long units) {
        return units > 0 && units < minPublishedCount;
    }
}
