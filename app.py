"""NextSkill Streamlit front end. Thin: each page (ui/) gathers input, calls the library, renders.

    streamlit run app.py
"""
from __future__ import annotations

import streamlit as st

from ui import clients, cohort, explore, my_plan
from ui.common import footer, get_engine

st.set_page_config(page_title="NextSkill", page_icon="🧭", layout="wide")
pages = st.navigation([
    st.Page(my_plan.page, title="My plan", icon=":material/map:", url_path="my-plan", default=True),
    st.Page(clients.page, title="Clients", icon=":material/groups:", url_path="clients"),
    st.Page(cohort.page, title="Cohort and catalogue", icon=":material/school:", url_path="cohort"),
    st.Page(explore.page, title="Explore", icon=":material/travel_explore:", url_path="explore"),
])
st.sidebar.caption("NextSkill: which skills to learn next, for gig workers, bootcamps and career counsellors.")
get_engine()  # loads once per process; every page shares it
pages.run()
footer()
