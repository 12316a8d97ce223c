from snf.auth.permissions import policy, roles, same_organisation

policy("registration.manage")(roles("admin"))
policy("application.queue")(roles("admin"))
policy("registration.own")(roles("company"))


@policy("registration.view")
def _view_registration(user, company) -> bool:
    return user.role == "admin" or same_organisation(user, company.id)


@policy("registration.apply")
def _apply(user, company=None) -> bool:
    if user.role == "admin":
        return True
    return user.role == "company" and (
        company is None or same_organisation(user, company.id)
    )
