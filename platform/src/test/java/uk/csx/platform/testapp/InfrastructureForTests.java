package uk.csx.platform.testapp;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import uk.csx.testsupport.RealInfrastructure;

/** Every @QuarkusTest of this module runs against the real PostgreSQL and Kafka. */
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "platform_test"))
public class InfrastructureForTests {
}
