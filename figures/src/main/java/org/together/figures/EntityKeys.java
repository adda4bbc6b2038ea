package org.together.figures;

/**
 * The key of the entity an event is about. Every key but an assessment's names its territory second, and '|' never
 * occurs in territory, tool, participant or group ids, so a key can be read back.
 */
public final class EntityKeys {

    public static final String SEPARATOR = "|";
    private static final String PARTICIPANT = "participant", TOOL_USER = "tool-user", GROUP = "evaluating-group",
            ASSESSMENT = "assessment", APPROACH = "approach";

    private EntityKeys() {
    }

    public static String participant(String territoryId, String participantId) {
        return PARTICIPANT + SEPARATOR + territoryId + SEPARATOR + participantId;
    }

    /** A tool's user: {@code participant:ID}, or {@code group:ID} when the event names no participant. */
    public static String toolUser(String territoryId, String toolId, String user) {
        return TOOL_USER + SEPARATOR + territoryId + SEPARATOR + toolId + SEPARATOR + user;
    }

    public static String evaluatingGroup(String territoryId, String groupId) {
        return GROUP + SEPARATOR + territoryId + SEPARATOR + groupId;
    }

    public static String approach(String territoryId, String approachId) {
        return APPROACH + SEPARATOR + territoryId + SEPARATOR + approachId;
    }

    public static String assessment(String eventId) {
        return ASSESSMENT + SEPARATOR + eventId;
    }

    /** The territory, tool and user of a {@link #toolUser} key; null for any other key. */
    public static ToolUserKey toolUserKey(String key) {
        if (!key.startsWith(TOOL_USER + SEPARATOR)) {
            return null;
        }
        int territoryEnd = key.indexOf(SEPARATOR, TOOL_USER.length() + 1);
        int toolEnd = key.indexOf(SEPARATOR, territoryEnd + 1);
        return new ToolUserKey(key.substring(TOOL_USER.length() + 1, territoryEnd), key.substring(territoryEnd + 1, toolEnd),
                key.substring(toolEnd + 1));
    }

    /** The territory of a {@link #participant} key; null for any other key. */
    public static String participantTerritory(String key) {
        if (!key.startsWith(PARTICIPANT + SEPARATOR)) {
            return null;
        }
        return key.substring(PARTICIPANT.length() + 1, key.indexOf(SEPARATOR, PARTICIPANT.length() + 1));
    }

    /** The territory of any key but an assessment's (null for those). */
    public static String territoryOf(String key) {
        int first = key.indexOf(SEPARATOR);
        if (key.startsWith(ASSESSMENT + SEPARATOR) || first < 0) {
            return null;
        }
        int second = key.indexOf(SEPARATOR, first + 1);
        return second < 0 ? null : key.substring(first + 1, second);
    }

    public record ToolUserKey(String territoryId, String toolId, String user) {
    }
}
