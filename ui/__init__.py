"""The Streamlit pages. Each page gathers input, calls the library (recommender/), renders."""
