package uk.csx.acceptance;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A clone of this repository is all a user has: nothing tracked may read or link to a sibling
 * folder of the team's (the build, the tests, run.sh and the docs carry their own data and design).
 */
class SelfContainedRepositoryTest {
    private static final Path PROJECT = Path.of(System.getProperty("csx.project.dir", "..")).toAbsolutePath().normalize();
    /** The team's shared folder beside the repository, written as a relative path (or with backslashes). */
    private static final Pattern OUTSIDE = Pattern.compile("\\.\\.[/\\\\]shared\\b");

    @Test
    void noTrackedFileRefersToTheSharedFolderBesideTheRepository() throws Exception {
        List<String> offenders = new ArrayList<>();
        for (Path file : trackedFiles()) {
            if (!Files.isRegularFile(file) || Files.size(file) > 20_000_000) {
                continue;
            }
            String text = new String(Files.readAllBytes(file), StandardCharsets.ISO_8859_1);
            String[] lines = text.split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                if (OUTSIDE.matcher(lines[i]).find()) {
                    offenders.add(PROJECT.relativize(file) + ":" + (i + 1) + ": " + lines[i].strip());
                }
            }
        }
        assertEquals(List.of(), offenders, "files that read or link outside the repository");
    }

    @Test
    void theNhsReferenceDataIsInTheRepositoryWithItsLicence() throws IOException {
        Path data = PROJECT.resolve("data/nhs");
        for (String file : List.of("epraccur.csv", "gp-reg-pat-prac-all-2021-01.csv", "aif-weighted-populations-2022-23.csv", "csus.csv")) {
            assertTrue(Files.size(data.resolve(file)) > 0, file);
        }
        String readme = Files.readString(data.resolve("README.md"));
        assertTrue(readme.contains("Open Government Licence v3.0"), "data/nhs/README.md states the licence");
    }

    /** Git's tracked files; a source copy without .git is checked file by file, build output aside. */
    private static List<Path> trackedFiles() throws Exception {
        if (Files.isDirectory(PROJECT.resolve(".git"))) {
            Process git = new ProcessBuilder("git", "ls-files", "-z").directory(PROJECT.toFile()).redirectErrorStream(false).start();
            String out = new String(git.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (git.waitFor() == 0) {
                return Stream.of(out.split("\0")).filter(s -> !s.isEmpty()).map(PROJECT::resolve).toList();
            }
        }
        try (Stream<Path> walk = Files.walk(PROJECT)) {
            return walk.filter(p -> {
                String rel = PROJECT.relativize(p).toString();
                return !rel.startsWith(".git") && !rel.startsWith(".local-stack") && !rel.contains("target/") && !rel.contains("node_modules/");
            }).toList();
        }
    }
}
