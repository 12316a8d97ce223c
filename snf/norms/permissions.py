from snf.auth.permissions import policy, roles

policy("norm.view")(roles("admin", "inspector", "company", "verifier"))
policy("norm.edit")(roles("admin"))
