package dev.jdock.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code jdock __train [lean|ps|run]} runs its command lines against the canned engine without an error: a failed
 * training leaves install.sh without that class-data archive (every start of those commands slower, silently).
 */
class TrainTest {
    @ParameterizedTest
    @ValueSource(strings = {"lean", "ps", "run", ""})
    void everyTrainingModeRunsItsCommandsCleanly(String mode) {
        String[] args = mode.isEmpty() ? new String[] {"__train"} : new String[] {"__train", mode};
        assertEquals(0, Train.run(args, 1));
    }
}
