@covers:specs/approvals.md#APR-1 @twin:slack @twin:okta
Feature: Approving a request in Slack

  @APR-2 @APR-4
  Scenario: An approver approves from the direct message
    Given a pending request from Dana for "db.billing.replica" at level "read"
    And Lee is an approver for "db.billing.replica"
    When Lee presses "Approve" in the direct message
    Then the request becomes "approved"
    And the other approvers' messages show that Lee decided

  @APR-2
  Scenario: A denial without a reason is refused
    Given a pending request from Dana
    When Lee presses "Deny" with the reason "no"
    Then Slack shows "A denial needs a reason of at least 10 characters"
    And the request stays "pending"

  @covers:specs/approvals.md#APR-5
  Scenario: A forgotten request expires
    Given a pending request created 24 hours ago
    When the expiry job runs
    Then the request becomes "expired" and Dana is told in Slack
