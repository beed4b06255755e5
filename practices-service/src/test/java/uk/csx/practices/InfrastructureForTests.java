package uk.csx.practices;

import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.common.ResourceArg;
import uk.csx.testsupport.RealInfrastructure;

/** Every @QuarkusTest of this service runs against the real PostgreSQL and Kafka, in its own database. */
@QuarkusTestResource(value = RealInfrastructure.class, initArgs = @ResourceArg(name = "database", value = "practices"))
public class InfrastructureForTests {
}
