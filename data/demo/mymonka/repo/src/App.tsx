import { lazy, Suspense } from "react";
import { BrowserRouter, Route, Routes } from "react-router-dom";
import { ErrorBoundary } from "react-error-boundary";
import { Toaster } from "sonner";
import { NavigationBar } from "./components/NavigationBar";

const Dashboard = lazy(() => import("./pages/Dashboard"));
const PatientPage = lazy(() => import("./pages/PatientPage"));
const Login = lazy(() => import("./pages/Login"));

export function App() {
  return (
    <BrowserRouter>
      <NavigationBar />
      <Toaster />
      <Suspense fallback={<p>Chargement…</p>}>
        <Routes>
          <Route path="/" element={<Dashboard />} />
          <Route
            path="/patients/:id"
            element={
              <ErrorBoundary fallback={<p>Quelque chose s'est mal passé. Rechargez la page.</p>}>
                <PatientPage />
              </ErrorBoundary>
            }
          />
          <Route path="/login" element={<Login />} />
        </Routes>
      </Suspense>
    </BrowserRouter>
  );
}
