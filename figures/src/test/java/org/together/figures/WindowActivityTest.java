package org.together.figures;

import static org.assertj.core.api.Assertions.assertThat;
import static org.together.figures.Days.day;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Distinct users and groups active in a window: who used a tool, who adopted any, which groups evaluated. */
class WindowActivityTest {

    @Test
    void usersCountOncePerStageAndOnceAsAdoptersOverAllTools() {
        ToolUser guideAlice = new ToolUser();
        guideAlice.reach(ToolUser.Stage.STARTED, day("2021-05-01"));
        guideAlice.reach(ToolUser.Stage.COMPLETED, day("2021-05-10"));
        ToolUser planAlice = new ToolUser();
        planAlice.reach(ToolUser.Stage.STARTED, day("2021-06-01"));
        ToolUser guideBob = new ToolUser();
        guideBob.reach(ToolUser.Stage.DISCOVERED, day("2021-06-02"));
        guideBob.reach(ToolUser.Stage.STARTED, day("2021-08-01")); // after the window
        EvaluatingGroup g1 = new EvaluatingGroup();
        g1.evaluatedOn(day("2021-05-15"));
        EvaluatingGroup g2 = new EvaluatingGroup();
        g2.evaluatedOn(day("2021-02-10"));

        WindowActivity q2 = new WindowActivity(Days.window("2021-04-10", "2021-07-10"));
        q2.add(EntityKeys.toolUser("lyon", "choices-guide", "participant:alice"), guideAlice);
        q2.add(EntityKeys.toolUser("lyon", "action-plan", "participant:alice"), planAlice);
        q2.add(EntityKeys.toolUser("lyon", "choices-guide", "participant:bob"), guideBob);
        q2.add(EntityKeys.evaluatingGroup("lyon", "g1"), g1);
        q2.add(EntityKeys.evaluatingGroup("lyon", "g2"), g2);
        q2.add(EntityKeys.assessment("e1"), new CountedAssessment(0));

        assertThat(q2.tools()).isEqualTo(Map.of(
                "choices-guide", new ToolCounts(1, 1, 1, 1, 0, 0),
                "action-plan", new ToolCounts(0, 1, 0, 1, 0, 0)));
        assertThat(q2.adopters()).as("alice adopted two tools: one adopter").isEqualTo(1);
        assertThat(q2.groups()).isEqualTo(1);
    }

    @Test
    void theSameUserIdInTwoTerritoriesIsTwoUsers() {
        ToolUser started = new ToolUser();
        started.reach(ToolUser.Stage.STARTED, day("2021-05-01"));
        WindowActivity q2 = new WindowActivity(Days.window("2021-04-01", "2021-07-01"));
        q2.add(EntityKeys.toolUser("lyon", "choices-guide", "participant:p1"), started);
        q2.add(EntityKeys.toolUser("praia", "choices-guide", "participant:p1"), started);

        assertThat(q2.adopters()).isEqualTo(2);
    }
}
