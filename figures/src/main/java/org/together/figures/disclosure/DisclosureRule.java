package org.together.figures.disclosure;

import java.util.Map;

/**
 * Small counts are never published: k ({@code TOGETHER_MIN_PUBLISHED_COUNT}, default 5) is the smallest number of
 * people, groups or assessments a published figure about one territory may count or be computed from. Zero is
 * published; network-wide figures are published.
 */
public record DisclosureRule(int minPublishedCount) {

    public static final int DEFAULT_MIN_PUBLISHED_COUNT = 5;
    /** The environment variable that sets k, for every service and command that publishes figures. */
    public static final String ENVIRONMENT = "TOGETHER_MIN_PUBLISHED_COUNT";
    public static final DisclosureRule DEFAULT = new DisclosureRule(DEFAULT_MIN_PUBLISHED_COUNT);

    public DisclosureRule {
        if (minPublishedCount < 1) {
            throw new IllegalArgumentException(ENVIRONMENT + " (the smallest published count) must be 1 or more, was " + minPublishedCount);
        }
    }

    /** k from the environment ({@value #ENVIRONMENT}), or the default when unset or blank. */
    public static DisclosureRule fromEnvironment(Map<String, String> environment) {
        String value = environment.get(ENVIRONMENT);
        if (value == null || value.isBlank()) {
            return DEFAULT;
        }
        try {
            return new DisclosureRule(Integer.parseInt(value.trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(ENVIRONMENT + " must be a whole number (the smallest published count), was '" + value + "'");
        }
    }

    /** A count from 1 to k-1, or a mean or share made of that many values: what is never published. */
    public boolean isSmall(long units) {
        return units > 0 && units < minPublishedCount;
    }
}
