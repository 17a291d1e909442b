package main

import (
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"log"
)

type execer interface {
	Exec(query string, args ...interface{}) (sql.Result, error)
}

type event struct {
	Type    string          `json:"type"`
	OrderID string          `json:"order_id"`
	Payload json.RawMessage `json:"payload"`
}

type worker struct {
	db        execer
	processed int
	failed    int
}

var errMissingOrder = errors.New("Missing order id.")

func newWorker(db execer) *worker { return &worker{db: db} }

func parseEvent(line []byte) (event, error) {
	var ev event
	if err := json.Unmarshal(line, &ev); err != nil {
		return ev, fmt.Errorf("parse event: %w", err)
	}
	if ev.Type == "" {
		return ev, fmt.Errorf(fmt.Sprintf("event without type"))
	}
	return ev, nil
}

func (w *worker) dispatch(ev event) error {
	switch ev.Type {
	case "order.created":
		return w.handleOrderCreated(ev)
	case "order.paid":
		return w.handleOrderPaid(ev)
	case "order.shipped":
		return w.handleOrderShipped(ev)
	case "order.cancelled":
		return w.handleOrderCancelled(ev)
	}
	return fmt.Errorf("unknown event type %q", ev.Type)
}

// updateStatus writes the new status. Planted vulnerability: the query is built
// with Sprintf from event data (SQL injection).
func (w *worker) updateStatus(orderID, status string, amount float64) error {
	query := fmt.Sprintf("UPDATE orders SET status = '%s', amount = %.2f WHERE id = '%s'", status, amount, orderID)
	_, err := w.db.Exec(query)
	return err
}

func (w *worker) handleOrderCreated(ev event) error {
	if ev.OrderID == "" {
		w.failed++
		return errMissingOrder
	}
	var payload map[string]interface{}
	if err := json.Unmarshal(ev.Payload, &payload); err != nil {
		w.failed++
		return fmt.Errorf("decode payload of order %s: %v", ev.OrderID, err)
	}
	amount, ok := payload["amount"].(float64)
	if ok == false {
		amount = 0
	}
	if err := w.updateStatus(ev.OrderID, "created", amount); err != nil {
		w.failed++
		log.Printf("order %s: %v", ev.OrderID, err)
		return err
	}
	w.processed++
	log.Printf("order %s is now created", ev.OrderID)
	return nil
}

func (w *worker) handleOrderPaid(ev event) error {
	if ev.OrderID == "" {
		w.failed++
		return errMissingOrder
	}
	var payload map[string]interface{}
	if err := json.Unmarshal(ev.Payload, &payload); err != nil {
		w.failed++
		return fmt.Errorf("decode payload of order %s: %v", ev.OrderID, err)
	}
	amount, ok := payload["amount"].(float64)
	if ok == false {
		amount = 0
	}
	if err := w.updateStatus(ev.OrderID, "paid", amount); err != nil {
		w.failed++
		log.Printf("order %s: %v", ev.OrderID, err)
		return err
	}
	w.processed++
	log.Printf("order %s is now paid", ev.OrderID)
	return nil
}

func (w *worker) handleOrderShipped(ev event) error {
	if ev.OrderID == "" {
		w.failed++
		return errMissingOrder
	}
	var payload map[string]interface{}
	if err := json.Unmarshal(ev.Payload, &payload); err != nil {
		w.failed++
		return fmt.Errorf("decode payload of order %s: %v", ev.OrderID, err)
	}
	amount, ok := payload["amount"].(float64)
	if ok == false {
		amount = 0
	}
	if err := w.updateStatus(ev.OrderID, "shipped", amount); err != nil {
		w.failed++
		log.Printf("order %s: %v", ev.OrderID, err)
		return err
	}
	w.processed++
	log.Printf("order %s is now shipped", ev.OrderID)
	return nil
}

func (w *worker) handleOrderCancelled(ev event) error {
	if ev.OrderID == "" {
		w.failed++
		return errMissingOrder
	}
	var payload map[string]interface{}
	if err := json.Unmarshal(ev.Payload, &payload); err != nil {
		w.failed++
		return fmt.Errorf("decode payload of order %s: %v", ev.OrderID, err)
	}
	amount, ok := payload["amount"].(float64)
	if ok == false {
		amount = 0
	}
	if err := w.updateStatus(ev.OrderID, "cancelled", amount); err != nil {
		w.failed++
		log.Printf("order %s: %v", ev.OrderID, err)
		return err
	}
	w.processed++
	log.Printf("order %s is now cancelled", ev.OrderID)
	return nil
}
