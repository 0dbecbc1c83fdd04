"""Browser tests: a person signs in, switches language, meets a localised validation error, and signs out.

Runs against a server started by scripts/browser-test, in Debian's headless Chromium through chromedriver.
Prints one line per test and closes with 'N passed, N failed'.
"""
import os
import sys
import traceback

from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.common.exceptions import NoSuchElementException, StaleElementReferenceException, WebDriverException
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import Select, WebDriverWait

BASE = os.environ["QM_URL"]
SHOTS = os.environ.get("QM_SCREENSHOTS")
ADMIN = ("admin@demo.example", "quartermaster-demo")
# Tests that change an account's language use an account of their own, so no test depends on another's order.
IT_MANAGER = ("it.manager@demo.example", "quartermaster-demo")
EMPLOYEE = ("employee@demo.example", "quartermaster-demo")


def browser():
    options = webdriver.ChromeOptions()
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=1280,900", "--lang=en-GB"):
        options.add_argument(flag)
    options.binary_location = "/usr/bin/chromium"
    options.add_experimental_option("prefs", {"intl.accept_languages": "en-GB,en"})
    return webdriver.Chrome(service=Service("/usr/bin/chromedriver"), options=options)


def shot(driver, name):
    if SHOTS:
        os.makedirs(SHOTS, exist_ok=True)
        driver.save_screenshot(os.path.join(SHOTS, name + ".png"))


def heading(driver):
    # Read through script rather than an element handle: during a navigation a handle can go stale mid-read.
    return driver.execute_script("const h = document.querySelector('h1'); return h ? h.textContent.trim() : null;")


def wait_heading(driver, text):
    """Waits for the page after a click to arrive: Selenium's click does not wait for navigation."""
    WebDriverWait(driver, 10, ignored_exceptions=(StaleElementReferenceException, NoSuchElementException, WebDriverException)).until(
        lambda d: heading(d) == text, f"expected the heading {text!r}")


def click_and_wait(driver, element):
    """Clicks a submit button and waits until the next page has replaced this one and finished loading."""
    driver.execute_script("window.__qmOldPage = true;")
    element.click()
    WebDriverWait(driver, 10, ignored_exceptions=(WebDriverException,)).until(
        lambda d: d.execute_script("return !window.__qmOldPage && document.readyState === 'complete';"), "the next page did not load")


def sign_in(driver, email, password):
    driver.get(BASE + "/signin")
    driver.find_element(By.ID, "email").send_keys(email)
    driver.find_element(By.ID, "password").send_keys(password)
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))


def switch_language(driver, code):
    Select(driver.find_element(By.ID, "language-switch")).select_by_value(code)
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "form[action='/language'] button"))


def test_sign_in_and_out(driver):
    sign_in(driver, *ADMIN)
    wait_heading(driver, "Dashboard")
    assert driver.current_url.endswith("/dashboard"), driver.current_url
    assert "Ada Admin" in driver.find_element(By.CSS_SELECTOR, ".who").text
    shot(driver, "dashboard")
    click_and_wait(driver, driver.find_element(By.ID, "signout"))
    wait_heading(driver, "Sign in")
    assert "You have signed out." in driver.find_element(By.CSS_SELECTOR, ".flash").text
    driver.get(BASE + "/dashboard")
    assert "/signin" in driver.current_url, "the dashboard must need a session again"


def test_wrong_password_is_explained(driver):
    sign_in(driver, ADMIN[0], "not the password at all")
    wait_heading(driver, "Sign in")
    assert "not correct" in driver.find_element(By.ID, "signin-error").text


def test_switch_language(driver):
    driver.get(BASE + "/signin")
    assert heading(driver) == "Sign in"
    switch_language(driver, "de")
    wait_heading(driver, "Anmelden")
    assert driver.find_element(By.TAG_NAME, "html").get_attribute("lang") == "de"
    switch_language(driver, "et")
    wait_heading(driver, "Sisselogimine")
    sign_in(driver, *IT_MANAGER)
    wait_heading(driver, "Ülevaade")
    switch_language(driver, "sv")
    wait_heading(driver, "Översikt")
    shot(driver, "dashboard-sv")
    click_and_wait(driver, driver.find_element(By.ID, "signout"))


def test_invalid_field_shows_localised_error(driver):
    driver.get(BASE + "/signin")
    switch_language(driver, "de")
    wait_heading(driver, "Anmelden")
    sign_in(driver, *ADMIN)
    wait_heading(driver, "Übersicht")
    driver.get(BASE + "/admin/users/new")
    driver.find_element(By.ID, "name").send_keys("Neue Kollegin")
    driver.find_element(By.ID, "email").send_keys("kaputt")
    driver.find_element(By.ID, "password").send_keys("ein langes passwort")
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "main form button[type=submit]"))
    error = driver.find_element(By.ID, "email-error")
    assert error.text.endswith("Das ist keine gültige E-Mail-Adresse."), error.text
    assert driver.find_element(By.ID, "email").get_attribute("aria-invalid") == "true"
    assert driver.find_element(By.ID, "name").get_attribute("value") == "Neue Kollegin", "typed values must survive"
    shot(driver, "validation-de")
    click_and_wait(driver, driver.find_element(By.ID, "signout"))


def test_works_on_a_phone(driver):
    driver.set_window_size(390, 844)
    sign_in(driver, *EMPLOYEE)
    wait_heading(driver, "Dashboard")
    width = driver.execute_script("return document.documentElement.scrollWidth")
    assert width <= 390, f"the page scrolls sideways on a phone ({width}px)"
    shot(driver, "phone")
    click_and_wait(driver, driver.find_element(By.ID, "signout"))
    driver.set_window_size(1280, 900)


def test_openapi_document_validates(_driver):
    """An independent validator (openapi-spec-validator) accepts the API description as OpenAPI 3.1."""
    import json
    import urllib.request

    from openapi_spec_validator import validate
    from openapi_spec_validator.validation import OpenAPIV31SpecValidator

    with urllib.request.urlopen(BASE + "/api/v1/openapi.json") as response:
        document = json.load(response)
    validate(document, cls=OpenAPIV31SpecValidator)
    assert "/api/v1/users/{id}" in document["paths"]


def test_inventory_pictures_render(driver):
    """An IT person follows the demo from the compliance report to a product, the evaluation, a rack and the lookup:
    each page's chart is drawn, with its figures in text beside it. (The administrator's account: another test switches
    the IT manager's language.)"""
    sign_in(driver, *ADMIN)
    driver.get(BASE + "/software/compliance")
    wait_heading(driver, "Licence compliance")
    assert driver.find_elements(By.CSS_SELECTOR, "svg.bar"), "no seat bars on the compliance report"
    assert "Over-licensed" in driver.page_source and "Under-licensed" in driver.page_source
    shot(driver, "compliance")
    driver.find_element(By.LINK_TEXT, "Microsoft 365 Apps for business").click()
    wait_heading(driver, "Microsoft 365 Apps for business")
    driver.get(BASE + "/evaluations")
    wait_heading(driver, "Evaluations")
    driver.find_element(By.LINK_TEXT, "Laptops for the 2024 refresh").click()
    wait_heading(driver, "Laptops for the 2024 refresh")
    assert len(driver.find_elements(By.CSS_SELECTOR, "svg.ranking rect")) >= 6, "the ranking has no bars"
    shot(driver, "evaluation")
    driver.get(BASE + "/network/racks")
    wait_heading(driver, "Racks")
    driver.find_elements(By.LINK_TEXT, "R1")[0].click()
    wait_heading(driver, "R1")
    assert len(driver.find_elements(By.CSS_SELECTOR, "svg.rack rect.rack-device")) == 11, "the rack does not show its eleven devices"
    shot(driver, "rack")
    driver.get(BASE + "/network/lookup?q=10.30.8.23")
    wait_heading(driver, "What is at this address?")
    assert "access-sw1.sto Gi1/0/14" in driver.page_source
    shot(driver, "lookup")


def test_global_search(driver):
    """The search box in the header finds a laptop by its address, and people and what they hold by a surname (Vaher: a dozen assets in the demo)."""
    sign_in(driver, *ADMIN)
    box = driver.find_element(By.ID, "global-search")
    box.send_keys("10.30.8.23")
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "form[action='/search'] button"))
    wait_heading(driver, "Search")
    assert "IP address: 10.30.8.23" in driver.page_source, "the laptop at 10.30.8.23 is not found by its address"
    assert driver.find_element(By.ID, "global-search").get_attribute("value") == "10.30.8.23"
    shot(driver, "search-address")
    driver.find_elements(By.CSS_SELECTOR, "main table tbody a")[0].click()
    WebDriverWait(driver, 10).until(lambda d: "/hardware/" in d.current_url, "the asset's page did not open")
    box = driver.find_element(By.ID, "global-search")
    box.send_keys("vaher")
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "form[action='/search'] button"))
    wait_heading(driver, "Search")
    assert "holder:" in driver.page_source and "People" in driver.page_source, "no holders or people found for vaher"
    shot(driver, "search-holder")


def add_custom_field(driver, asset_type, key, label):
    driver.get(BASE + "/hardware/fields")
    Select(driver.find_element(By.ID, "assetType")).select_by_value(asset_type)
    driver.find_element(By.ID, "key").send_keys(key)
    driver.find_element(By.ID, "label").send_keys(label)
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "form[action='/hardware/fields'] button"))


def test_custom_fields_follow_the_model(driver):
    """On the new-asset form, choosing a model shows its type's custom fields at once and only those are submitted."""
    sign_in(driver, *ADMIN)
    add_custom_field(driver, "laptop", "lid_sticker", "Lid sticker")
    add_custom_field(driver, "monitor", "panel", "Panel")
    driver.get(BASE + "/hardware/new")
    laptop = driver.find_element(By.CSS_SELECTOR, "fieldset.custom-fields[data-type='laptop']")
    monitor = driver.find_element(By.CSS_SELECTOR, "fieldset.custom-fields[data-type='monitor']")
    assert laptop.is_displayed() and monitor.is_displayed(), "before a model is chosen every group shows"
    select = driver.find_element(By.ID, "modelId")
    def choose(asset_type):
        value = driver.execute_script(
            "return document.querySelector(`#modelId option[data-type='${arguments[0]}']`).value;", asset_type)
        Select(select).select_by_value(value)
    choose("laptop")
    assert laptop.is_displayed() and not monitor.is_displayed(), "a laptop model shows the laptop fields only"
    assert driver.execute_script("return document.querySelector(\"fieldset[data-type='monitor']\").disabled;")
    choose("monitor")
    assert monitor.is_displayed() and not laptop.is_displayed(), "a monitor model shows the monitor fields only"
    driver.find_element(By.ID, "custom-monitor-panel").send_keys("IPS")
    click_and_wait(driver, driver.find_element(By.CSS_SELECTOR, "form[action='/hardware'] button[type=submit]"))
    assert "IPS" in driver.page_source, "the custom value was not saved with the new asset"
    shot(driver, "custom-fields-new-asset")


def main():
    tests = [test_openapi_document_validates, test_sign_in_and_out, test_wrong_password_is_explained, test_switch_language, test_invalid_field_shows_localised_error,
             test_works_on_a_phone, test_inventory_pictures_render, test_global_search, test_custom_fields_follow_the_model]
    passed = failed = 0
    for test in tests:
        driver = browser()
        try:
            test(driver)
            passed += 1
            print(f"ok   {test.__name__}")
        except Exception:
            failed += 1
            print(f"FAIL {test.__name__}")
            traceback.print_exc()
            shot(driver, "failed-" + test.__name__)
        finally:
            driver.quit()
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
