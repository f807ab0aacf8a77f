@twin:okta @twin:slack
Feature: Provisioning through Okta

  @PRV-1
  Scenario: An approved request becomes an active grant
    Given an approved request from Dana for "db.billing.replica" at level "read"
    When Okta confirms the membership of "ars-db-billing-replica-read"
    Then the grant is "active" and records the Okta request id

  @PRV-2
  Scenario: Okta does not answer
    Given Okta does not answer within 5 seconds
    When ARS has retried 3 times
    Then the request stays "approved" and the on-call is alerted
