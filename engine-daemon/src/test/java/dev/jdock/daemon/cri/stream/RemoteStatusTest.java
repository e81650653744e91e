package dev.jdock.daemon.cri.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class RemoteStatusTest {
    @Test
    void successIsTheKubeletsStatusAndNothingBeforeV4() {
        assertEquals("{\"metadata\":{},\"status\":\"Success\"}", text(RemoteStatus.success(), 4));
        assertEquals("", text(RemoteStatus.success(), 3));
    }

    @Test
    void aNonZeroExitCarriesTheCodeAsAnExitCodeCause() {
        RemoteStatus s = RemoteStatus.exitCode(List.of("sh", "-c", "exit 3"), 3);
        assertEquals("{\"metadata\":{},\"status\":\"Failure\",\"message\":\"command terminated with non-zero exit "
                + "code: error executing command [sh -c exit 3], exit code 3\",\"reason\":\"NonZeroExitCode\","
                + "\"details\":{\"causes\":[{\"reason\":\"ExitCode\",\"message\":\"3\"}]}}", text(s, 5));
        assertEquals("command terminated with non-zero exit code: error executing command [sh -c exit 3], exit code 3",
                text(s, 2));
    }

    @Test
    void anyOtherFailureIsAnInternalError() {
        assertEquals("{\"metadata\":{},\"status\":\"Failure\",\"message\":\"Internal error occurred: boom\","
                + "\"reason\":\"InternalError\",\"details\":{\"causes\":[{\"message\":\"boom\"}]},\"code\":500}",
                text(RemoteStatus.internalError("boom"), 4));
    }

    private static String text(RemoteStatus s, int version) {
        return new String(s.encode(version), StandardCharsets.UTF_8);
    }
}
