package uk.csx.contracts.api;

import io.quarkus.test.junit.QuarkusTest;
import uk.csx.testsupport.ServiceSmokeTests;

@QuarkusTest
class SmokeTest extends ServiceSmokeTests {
}
