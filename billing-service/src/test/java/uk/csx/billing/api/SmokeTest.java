package uk.csx.billing.api;

import io.quarkus.test.junit.QuarkusTest;
import uk.csx.testsupport.ServiceSmokeTests;

@QuarkusTest
class SmokeTest extends ServiceSmokeTests {
}
