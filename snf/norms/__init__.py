"""The housing norm as versioned checklists whose requirements are rules."""
