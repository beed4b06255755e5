package uk.csx.acceptance;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;
import uk.csx.localstack.DemoClients;

import java.io.File;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A developer's first visit: the gateway's Swagger UI in headless Chromium lists the three APIs,
 * authorises with a demo client (client credentials) and executes a call that succeeds.
 * Needs Debian's chromium and chromium-driver (.ci/run installs them).
 */
class SwaggerUiIT {
    private static final String CHROMIUM = "/usr/bin/chromium";
    private static final String CHROMEDRIVER = "/usr/bin/chromedriver";

    // GET /api/ccgs, by its operationId (class_method)
    private static final String OPERATION = "[id='operations-CCGs-CcgResource_list']";

    private WebDriver browser;

    @BeforeEach
    void openBrowser() throws Exception {
        assertTrue(new File(CHROMIUM).canExecute() && new File(CHROMEDRIVER).canExecute(),
                "install Debian's chromium and chromium-driver (apt-get install chromium chromium-driver) for this test");
        ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM).addArguments("--headless=new", "--no-sandbox",
                "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--disable-dev-shm-usage", "--window-size=1400,1000",
                "--user-data-dir=" + Files.createTempDirectory("csx-chromium"));
        browser = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(new File(CHROMEDRIVER)).build(), options);
    }

    @AfterEach
    void closeBrowser() {
        if (browser != null) {
            browser.quit();
        }
    }

    @Test
    void aDeveloperSeesAllThreeApisAuthorisesAndTriesACall() {
        WebDriverWait wait = new WebDriverWait(browser, Duration.ofSeconds(30));
        browser.get(Stack.gateway() + "/q/swagger-ui/");

        Select apis = new Select(wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(".topbar select"))));
        List<String> listed = apis.getOptions().stream().map(WebElement::getText).toList();
        assertEquals(java.util.Set.of("practices", "contracts", "billing"), java.util.Set.copyOf(listed));
        assertEquals("practices", apis.getFirstSelectedOption().getText());

        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector("button.authorize"))).click();
        WebElement modal = wait.until(ExpectedConditions.visibilityOfElementLocated(By.cssSelector(".modal-ux")));
        modal.findElement(By.cssSelector("input[data-name='clientId']")).sendKeys(DemoClients.OPERATOR.clientId());
        modal.findElement(By.cssSelector("input[data-name='clientSecret']")).sendKeys(DemoClients.OPERATOR.secret());
        modal.findElement(By.cssSelector(".auth-btn-wrapper button.authorize")).click();
        try {
            wait.until(ExpectedConditions.presenceOfElementLocated(By.xpath("//div[contains(@class,'modal-ux')]//button[normalize-space()='Logout']")));
        } catch (org.openqa.selenium.TimeoutException e) {
            throw new AssertionError("not authorised: " + modal.getText(), e);
        }
        modal.findElement(By.xpath(".//button[normalize-space()='Close']")).click();

        WebElement operation = wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector(OPERATION)));
        operation.findElement(By.cssSelector(".opblock-summary")).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(OPERATION + " .try-out__btn"))).click();
        wait.until(ExpectedConditions.elementToBeClickable(By.cssSelector(OPERATION + " button.execute"))).click();
        WebElement status = wait.until(ExpectedConditions.presenceOfNestedElementLocatedBy(operation,
                By.cssSelector(".live-responses-table tbody .response-col_status")));
        assertEquals("200", status.getText().trim().split("\\s+")[0]);
    }
}
